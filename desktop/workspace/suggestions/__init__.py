"""Suggested spans: running suggesters (`run`, `sources`), deciding on what they
suggest (`decisions`, `ops`), training and evaluating models (`training`,
`evaluation`), and the gazetteers the rules read (`gazetteers`)."""
