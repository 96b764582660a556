"""Files the tool tests put in the workspace: papers (markdown, PDF), datasets, scripts."""

import io
import json

import numpy as np
import pandas as pd


def pdf_bytes(pages: list[list[str]]) -> bytes:
    """A minimal valid PDF, one page per list of text lines (Helvetica), that pypdf can read."""
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        None,
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    kids = []
    for lines in pages:
        text = " ".join(f"({line}) Tj 0 -16 Td" for line in lines)
        stream = f"BT /F1 11 Tf 72 720 Td {text} ET"
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
        content = len(objects)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R "
            "/Resources << /Font << /F1 3 0 R >> >> >>"
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out, offsets = "%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n"
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return out.encode("latin-1")


PAPER_MD = "\n".join(
    [
        "# Sparse probes for small models",
        "## 1 Introduction",
        "We study probes. " * 200,
        "## 2 Method",
        "### 2.1 Training",
        "We train with a learning rate of 0.003 and a batch size of 64 for 20 epochs.",
        "## 3 Results",
        "The probe reaches 91.2% accuracy on the held-out split (Table 2).",
        "## 4 Discussion",
        "Limits apply. " * 300,
    ]
)

PAPER_PDF = pdf_bytes(
    [
        ["Gradient noise in tiny networks", "1 Introduction", "Noise matters for small batches."],
        ["2 Method", "We use SGD with momentum 0.9 and weight decay 0.0005."],
        ["3 Results", "Test error falls to 4.1 percent with a batch of 32."],
    ]
)


def dataset_files() -> dict[str, bytes | str]:
    """A CSV with missing values and an imbalanced label, JSON lines, a non-UTF-8 CSV, NumPy arrays."""
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {
            "age": rng.integers(18, 90, 200).astype(float),
            "income": rng.normal(50_000, 9_000, 200).round(2),
            "city": rng.choice(["Lyon", "Oslo", "Quito"], 200),
            "label": np.r_[np.zeros(180, int), np.ones(20, int)],
        }
    )
    frame.loc[:9, "age"] = np.nan
    parquet = io.BytesIO()
    frame.to_parquet(parquet, index=False)
    arrays = io.BytesIO()
    np.savez(arrays, x=rng.normal(size=(50, 3)), y=np.r_[np.zeros(25, int), np.ones(25, int)])
    return {
        "data/train.csv": frame.to_csv(index=False),
        "data/events.jsonl": "\n".join(
            json.dumps({"t": i, "value": i * 0.5, "kind": "a" if i % 3 else "b"}) for i in range(30)
        ),
        "data/latin1.csv": "name,score\nJos\xe9,3\nAnd\xe9,4\n".encode("latin-1"),
        "data/arrays.npz": arrays.getvalue(),
        "data/train.parquet": parquet.getvalue(),
    }
