"""The CRF's uncertainty about a document, and the diversity of the queue."""

from desktop.suggest.crf import TrainingDocument, train_crf
from desktop.suggest.uncertainty import Ranked, UncertaintyScorer, diverse_order, jaccard, rank, word_set

NAMES = ["علی رضایی", "مریم احمدی", "حسن کریمی", "زهرا نوری", "رضا موسوی", "سارا امینی"]
CITIES = ["تبریز", "شیراز", "مشهد", "اهواز", "کرمان", "رشت"]


def document(i: int) -> TrainingDocument:
    name, city = NAMES[i % len(NAMES)], CITIES[(i * 5) % len(CITIES)]
    text = f"آقای {name} امروز در {city} گفت که کار ادامه دارد ."
    start, place = text.index(name), text.index(city)
    return TrainingDocument(text, ((start, start + len(name), "PER"), (place, place + len(city), "LOC")))


def test_a_text_like_the_training_is_surer_than_a_strange_one():
    model = train_crf([document(i) for i in range(12)], params={"max_iterations": 40}).model
    scorer = UncertaintyScorer(model)  # 3 % of 12 tokens: the 3 least sure
    familiar = "آقای علی رضایی امروز در تبریز گفت که کار ادامه دارد ."
    strange = "خانم فاطمه جعفری دیروز از قم آمد ."  # unseen names in an unseen frame
    confidences = scorer.confidences(familiar)
    assert len(confidences) == 12 and all(0.0 < c <= 1.0 for c in confidences)
    assert scorer.score(familiar) < scorer.score(strange)
    assert scorer.score("") == 0.0
    whole = UncertaintyScorer(model, share=1.0)  # every token: the plain mean
    assert whole.score(familiar) == round(1 - sum(confidences) / len(confidences), 4)
    assert round(1 - min(confidences), 4) == UncertaintyScorer(model, share=None, lowest=1).score(familiar)


def test_near_repeats_move_to_the_end_of_the_queue():
    words = {
        1: word_set("سیل در استان گیلان خسارت زیادی به کشاورزان زد"),
        2: word_set("سیل در استان گیلان خسارت زیادی به کشاورزان وارد کرد"),
        3: word_set("تیم ملی فوتبال در بازی دوستانه پیروز شد"),
    }
    assert jaccard(words[1], words[2]) > 0.5 > jaccard(words[1], words[3])
    ranked = rank([Ranked(3, 0.2), Ranked(2, 0.8), Ranked(1, 0.9)])
    assert [r.document for r in ranked] == [1, 2, 3]
    assert [r.document for r in diverse_order(ranked, words)] == [1, 3, 2]  # 2 retells 1's story
    assert [r.document for r in diverse_order(ranked, words, similar=1.0)] == [1, 2, 3]
