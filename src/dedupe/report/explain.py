"""What a threshold means: shingle size, bands x rows, and the S-curve, for people."""

from __future__ import annotations

from dedupe.lsh import candidate_probability, expected_jaccard, expected_recall
from dedupe.settings import Settings

SIMILARITIES = (0.5, 0.7, 0.8, 0.9, 1.0)
JACCARDS = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8)


def render_explain(settings: Settings) -> str:
    n, bands, rows = settings.shingle_size, settings.bands, settings.rows
    lines = [
        f"threshold {settings.threshold:g} (word similarity, verified with rapidfuzz Indel)",
        f"shingles  {settings.shingle.value} {n}-grams, "
        f"MinHash with {settings.num_perm} permutations (seed {settings.seed})",
        f"LSH       {bands} bands x {rows} rows: a pair becomes a candidate when all {rows} "
        f"values of any band agree",
        f"          P(candidate) = 1 - (1 - s^{rows})^{bands}, s = Jaccard of the two shingle sets",
        "",
        "word similarity  typical shingle Jaccard  P(candidate)",
    ]
    for similarity in SIMILARITIES:
        jaccard = expected_jaccard(similarity, n)
        marker = "  <- threshold" if abs(similarity - settings.threshold) < 1e-9 else ""
        lines.append(
            f"{similarity:>15.2f}  {jaccard:>23.3f}  "
            f"{candidate_probability(jaccard, bands, rows):>12.4f}{marker}"
        )
    lines += ["", "shingle Jaccard  P(candidate)"]
    lines += [f"{s:>15.2f}  {candidate_probability(s, bands, rows):>12.4f}" for s in JACCARDS]
    recall = expected_recall(settings.threshold, n, bands, rows)
    lines += [
        "",
        f"Pairs spread evenly over similarity {settings.threshold:g}-1.0 become candidates with "
        f"probability {recall:.4f} on average;",
        "every candidate is then verified, so a lower P only costs recall, never precision.",
        "Typical Jaccard assumes edits spread through the paragraph: each edited word breaks about",
        f"{n} shingles. Edits bunched together break fewer, so real pairs fare better than this.",
    ]
    return "\n".join(lines) + "\n"
