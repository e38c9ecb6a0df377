"""A stacked second-pass CRF on PEYMA's dev split (Krishnan & Manning 2006 style): measured, not kept.

    nice -n 19 .venv/bin/python bench/crf_stack_eval.py SEED STRATEGY...

The dev split is session 8's: PEYMA split 80/20 (seed 0), the training part split again
(`split(train_ids, 0.2, seed 1)`): 454 documents train, 113 are scored; the test split is
never read. SEED is the training seed (word clusters and the seen-entity jackknife). Base
features are feature version 3's, made once; crfsuite is driven directly.

Prints one JSON line per result: "v3" (the current CRF alone), then per STRATEGY
"FOLDS/APPLY[+FEATURES]": FOLDS is the pass-1 model of the jackknife that gives pass 2
realistic pass-1 labels on its own training documents, KINDxN with KIND lbfgsI (I L-BFGS
iterations), apI or paI (crfsuite's averaged perceptron / passive-aggressive, I epochs) and N
folds; APPLY is the pass-1 model on new documents: `v3` (the full CRF) or `same` (KIND trained
on every training document). FEATURES (default win,doc,corp) picks pass 2's added features:
`win` pass-1 tags two either side (and the previous|current pair), `doc` the document's
pass-1 aggregates (majority label of the word's other occurrences, any entity label they had,
the pass-1 entity sequence covering it, the labels of entities it starts elsewhere), `corp`
the word's pass-1 label distribution over the training documents (majority, labels of 20% or
more). Pass 2 is the CRF (100 L-BFGS iterations, crf.PARAMS) on base + these features.
CPU seconds per part; apply_ms is CPU ms per 3 KB of tagging with features precomputed
(pass 1 + pass-2 features + pass 2 with marginals, against v3 alone). `--smoke` runs on 30/8
documents to check the script.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path("/work/main")
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import pycrfsuite  # noqa: E402

from desktop.suggest import crf_model  # noqa: E402
from desktop.suggest.clusters import learn_clusters  # noqa: E402
from desktop.suggest.crf import PARAMS, _entities, tagged_sentences  # noqa: E402
from desktop.suggest.evaluation import Evaluation  # noqa: E402
from desktop.suggest.name_echo import echo_names  # noqa: E402
from desktop.suggest.seen_entities import FOLDS, SeenEntities, all_entities, jackknife, span_entries  # noqa: E402
from desktop.suggest.tokens import sentence_tokens  # noqa: E402

ENT = ("PER", "ORG", "LOC")
TMP = Path(tempfile.mkdtemp(prefix="barchasb-stack-"))
SMOKE = "--smoke" in sys.argv


def log(**kw):
    kw["load"] = round(os.getloadavg()[0], 1)
    print(json.dumps(kw, ensure_ascii=False), flush=True)


def load_docs(seed):
    from eval_peyma import peyma_workspace

    from desktop.workspace.suggestions.crf_inputs import feature_lists, project_texts
    from desktop.workspace.suggestions.evaluation import split
    from desktop.workspace.suggestions.training import layer_documents, resolve_layer

    ws = peyma_workspace(TMP / "p.barchasb")
    repo = ws.repo
    docs = layer_documents(repo, resolve_layer(repo, "peyma", None))
    train_ids, _test = split(list(docs), 0.2, 0)
    tr, dev = split(train_ids, 0.2, 1)
    if SMOKE:
        tr, dev = tr[:30], dev[:8]
    unl = project_texts(repo, skip=set(tr))
    lists = feature_lists(repo)
    ws.close()
    return docs, tr, dev, unl, lists


def base(docs, tr, dev, unl, lists, seed):
    t0 = time.process_time()
    trd = [docs[i] for i in tr]
    found = learn_clusters([*(d.text for d in trd), *unl], seed=seed)
    entries = [span_entries(d.text, d.spans) for d in trd]
    model = crf_model.pack(b"", found, lists, all_entities(entries))
    parts = crf_model.unpack(model)
    jk = jackknife(entries, FOLDS, seed)
    train = []
    for d, ents in zip(trd, jk):
        tagged = tagged_sentences(d)
        sents = [t for t, _ in tagged]
        items = parts.featurize(d.text, sents, ents)
        train.append((sents, [list(x) for x in items], [y for _, y in tagged]))
    devs = []
    for i in dev:
        d = docs[i]
        sents = sentence_tokens(d.text)
        items = parts.featurize(d.text, sents)
        devs.append((d, sents, [list(x) for x in items]))
    return train, devs, time.process_time() - t0


def train_model(xs_ys, kind, name):
    """kind: lbfgsN or apN or paN. Returns (path, cpu s)."""
    m = re.fullmatch(r"(lbfgs|ap|pa)(\d+)", kind)
    alg, n = m.group(1), int(m.group(2))
    t0 = time.process_time()
    tr = pycrfsuite.Trainer(algorithm={"lbfgs": "lbfgs", "ap": "ap", "pa": "pa"}[alg], verbose=False)
    for x, y in xs_ys:
        tr.append(x, y)
    if alg == "lbfgs":
        tr.set_params({**PARAMS, "max_iterations": n})
    else:
        tr.set_params({"max_iterations": n, "feature.possible_transitions": True})
    path = str(TMP / f"{name}.crfsuite")
    tr.train(path)
    return path, time.process_time() - t0


def tagger(path):
    t = pycrfsuite.Tagger()
    t.open(path)
    return t


def tag_doc(t, items):
    return [t.tag(x) for x in items]


def sentence_pairs(docs_subset):
    return [(x, y) for sents, items, ys in docs_subset for x, y in zip(items, ys)]


def folds_tags(train, kind, nfolds, seed):
    """Jackknifed pass-1 tags of every training document; CPU s."""
    order = list(range(len(train)))
    random.Random(1000 + seed).shuffle(order)
    fold_of = {d: k % nfolds for k, d in enumerate(order)}
    out = [None] * len(train)
    cpu = 0.0
    for f in range(nfolds):
        path, s = train_model(
            sentence_pairs([train[d] for d in range(len(train)) if fold_of[d] != f]), kind, f"fold{f}-{kind}"
        )
        t0 = time.process_time()
        t = tagger(path)
        for d in range(len(train)):
            if fold_of[d] == f:
                out[d] = tag_doc(t, train[d][1])
        cpu += s + time.process_time() - t0
    return out, cpu


def label_of(tag):
    return tag[2:] if tag != "O" else "O"


def corpus_table(docs_sents, docs_tags):
    table = defaultdict(Counter)
    for sents, tags in zip(docs_sents, docs_tags):
        for toks, tg in zip(sents, tags):
            for tok, t in zip(toks, tg):
                table[tok.key][label_of(t)] += 1
    out = {}
    for key, c in table.items():
        total = sum(c.values())
        if total < 2:
            continue
        feats = [f"Pc:{c.most_common(1)[0][0]}"]
        feats += [f"PcE:{lab}" for lab in sorted(c) if lab != "O" and c[lab] / total >= 0.2]
        out[key] = tuple(feats)
    return out


def stack_items(sents, items, tags, table, which=("win", "doc", "corp")):
    """Base items plus pass-1 features."""
    keys = [[t.key for t in s] for s in sents]
    occ = defaultdict(Counter)
    starts = defaultdict(Counter)
    entries = []
    for ks, tg in zip(keys, tags):
        for k, t in zip(ks, tg):
            occ[k][label_of(t)] += 1
        for a, b, lab in _entities(tg):
            starts[ks[a]][lab] += 1
            entries.append((tuple(ks[a:b]), lab))
    seqs = SeenEntities(entries)
    out = []
    for ks, tg, xs in zip(keys, tags, items):
        seq = seqs.tags(ks) if entries else [""] * len(ks)
        new = []
        for i, (k, x) in enumerate(zip(ks, xs)):
            f = list(x)
            if "win" in which:
                for o in (-2, -1, 0, 1, 2):
                    j = i + o
                    if 0 <= j < len(tg):
                        f.append(f"P{o}:{tg[j]}")
                if i > 0:
                    f.append(f"P-1|0:{tg[i - 1]}|{tg[i]}")
            if "doc" in which:
                c = occ[k].copy()
                c[label_of(tg[i])] -= 1
                c = +c
                if c:
                    f.append(f"Pdw:{c.most_common(1)[0][0]}")
                    f += [f"Pdwany:{lab}" for lab in sorted(c) if lab != "O"]
                if seq[i]:
                    f.append(f"Pds:{seq[i]}")
                s = starts[k].copy()
                if tg[i].startswith("B-"):
                    s[tg[i][2:]] -= 1
                    s = +s
                f += [f"Pdb:{lab}" for lab in sorted(s)]
            if "corp" in which and k in table:
                f += table[k]
            new.append(f)
        out.append(new)
    return out


def score_dev(devs, tags_per_doc):
    ev = Evaluation()
    for (d, sents, _), tags in zip(devs, tags_per_doc):
        found = [(n, a, b, lab, 1.0) for n, tg in enumerate(tags) for a, b, lab in _entities(tg)]
        spans = [(sents[n][a].start, sents[n][b - 1].end, lab) for n, a, b, lab, _ in echo_names(sents, found)]
        ev.add([(0, *s) for s in spans], [(0, *s) for s in d.spans])
    r = {lab: round(ev.score(lab).f1, 4) for lab in ENT}
    r["micro"] = round(ev.micro(ENT).f1, 4)
    r["P"] = round(ev.micro(ENT).precision, 4)
    r["R"] = round(ev.micro(ENT).recall, 4)
    return r


def apply_ms(devs, p1, p2, table):
    """CPU ms per 3 KB of tagging (base features precomputed: excluded) -- pass 1 alone
    with marginals vs pass 1 + stack features + pass 2 with marginals."""
    chars = sum(len(d.text) for d, _, _ in devs)
    t1, t2 = tagger(p1), tagger(p2) if p2 else None

    def marg(t, x):
        tg = t.tag(x)
        for a, b, _ in _entities(tg):
            sum(t.marginal(tg[i], i) for i in range(a, b))
        return tg

    t0 = time.process_time()
    for _d, sents, items in devs:
        if t2 is None:
            [marg(t1, x) for x in items]
        else:
            tags = [t1.tag(x) for x in items]
            [marg(t2, x) for x in stack_items(sents, items, tags, table)]
    return round(1000 * (time.process_time() - t0) / chars * 3000, 2)


def main():
    args = [a for a in sys.argv[1:] if a != "--smoke"]
    seed, strategies = int(args[0]), args[1:]
    docs, tr, dev, unl, lists = load_docs(seed)
    train, devs, base_s = base(docs, tr, dev, unl, lists, seed)
    log(seed=seed, what="base", train_docs=len(train), dev_docs=len(devs), cpu=round(base_s, 1))
    v3path, v3s = train_model(sentence_pairs(train), "lbfgs100", "v3")
    t = tagger(v3path)
    v3dev = [tag_doc(t, items) for _, _, items in devs]
    log(
        seed=seed,
        what="v3",
        dev=score_dev(devs, v3dev),
        cpu_crfsuite=round(v3s, 1),
        cpu_total=round(base_s + v3s, 1),
        apply_ms=apply_ms(devs, v3path, None, None),
    )
    cache = {}
    for strat in strategies:
        fold, applied = strat.split("/")
        which = ("win", "doc", "corp")
        if "+" in applied:
            applied, w = applied.split("+")
            which = tuple(w.split(","))
        m = re.fullmatch(r"(\w+?\d+)x(\d+)", fold)
        kind, nf = m.group(1), int(m.group(2))
        if fold not in cache:
            cache[fold] = folds_tags(train, kind, nf, seed)
        trtags, fold_s = cache[fold]
        if applied == "v3":
            p1path, p1s, devtags = v3path, v3s, v3dev
        else:
            p1path, p1s = train_model(sentence_pairs(train), kind, f"full-{kind}")
            t = tagger(p1path)
            devtags = [tag_doc(t, items) for _, _, items in devs]
            log(seed=seed, what=f"pass1 {kind} alone", dev=score_dev(devs, devtags), cpu_crfsuite=round(p1s, 1))
        t0 = time.process_time()
        table = corpus_table([s for s, _, _ in train], trtags)
        x2 = [
            (x, y)
            for (sents, items, ys), tags in zip(train, trtags)
            for x, y in zip(stack_items(sents, items, tags, table, which), ys)
        ]
        feat_s = time.process_time() - t0
        p2path, p2s = train_model(x2, "lbfgs100", f"p2-{strat}".replace("/", "_").replace(",", "_"))
        t = tagger(p2path)
        out = []
        for (_d, sents, items), tags in zip(devs, devtags):
            out.append(tag_doc(t, stack_items(sents, items, tags, table, which)))
        log(
            seed=seed,
            what=f"stack {strat}",
            dev=score_dev(devs, out),
            cpu_folds=round(fold_s, 1),
            cpu_pass1=round(p1s, 1),
            cpu_stackfeat=round(feat_s, 1),
            cpu_pass2=round(p2s, 1),
            cpu_total=round(base_s + fold_s + p1s + feat_s + p2s, 1),
            apply_ms=apply_ms(devs, p1path, p2path, table),
            apply_v3_ms=apply_ms(devs, v3path, None, None),
        )


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
