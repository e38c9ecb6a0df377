"""Inter-annotator agreement between layers: `project` (alpha, kappa, disagreements),
over the token boundaries cached by `tokens`."""
