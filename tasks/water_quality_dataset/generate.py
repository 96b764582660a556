"""Instance generator for water_quality_dataset: a river-monitoring programme's samples scattered over
three laboratories' exports, a LIMS dump and a site sheet, the data manager's notes, and the truth.

Every sample is taken at a site (sites.tsv gives its catchment), analysed by the site's laboratory and
found in that lab's CSV export, in the LIMS dump (JSON lines, nested), or in both: the near-duplicates,
with other ID spellings, units and sometimes stale values. What the files show: three column naming
schemes, two encodings, decimal commas, three date formats, degrees F and kelvin. What only the notes
(NOTES.md) say: Riverside's nitrate is nitrate-nitrogen and its class scale runs the other way, LIMS
times are UTC (the sampling date is the local one, UTC+10), Bergstrom writes the sites' former codes,
the LIMS (its highest revision) wins over a lab export, and which records are not samples (QC, test,
field blanks) or were retracted (a list, and a whole Riverside batch). The truth: one row per sample.
"""

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

LABELS = ["good", "moderate", "poor"]
NO3_PER_N = 62.004 / 14.007  # mg nitrate per mg nitrate-nitrogen (molar masses, as the notes give them)
NO3_MOLAR_MASS = 62.004  # g/mol: 1 umol/L = 0.062004 mg/L
LOCAL_OFFSET = pd.Timedelta(hours=10)  # the programme's sites keep UTC+10 all year
RIVERS = [
    "Avenmore", "Brindle", "Corran", "Dunsop", "Eskdale", "Farrow", "Glenmire", "Harrow", "Inchbeck",
    "Jarrow", "Kelso", "Lune", "Marrin", "Nethy", "Orrin", "Pelder",
]  # fmt: skip
LICENCES = [
    ("Creative Commons Attribution 4.0 International", "cc-by-4.0"),
    ("Creative Commons Attribution-ShareAlike 4.0 International", "cc-by-sa-4.0"),
    ("Creative Commons Attribution-NonCommercial 4.0 International", "cc-by-nc-4.0"),
    ("CC0 1.0 Universal public domain dedication", "cc0-1.0"),
    ("Open Data Commons Attribution License v1.0", "odc-by"),
    ("Open Database License (ODbL) v1.0", "odbl"),
]
LABS = ["northfield", "riverside", "bergstrom"]
NORTHFIELD_STATUS = {
    "good": ["Good", "good", "GOOD", " Good"],
    "moderate": ["Moderate", "moderate", "MODERATE "],
    "poor": ["Poor", "poor", "POOR"],
}
BERGSTROM_STATUS = {"good": ["gut", "Gut"], "moderate": ["mäßig", "Mäßig"], "poor": ["schlecht", "Schlecht"]}
RIVERSIDE_CLASS = {"good": 3, "moderate": 2, "poor": 1}  # their scale: 1 = poor (NOTES.md)
LIMS_STATUS = {"good": 1, "moderate": 2, "poor": 3}
NOTES = """# River monitoring programme: notes from the data manager

The programme samples river sites (`sites.tsv`: one row per site, its catchment, its former codes).
Each site's samples are analysed by one of three contract laboratories. A sample can be found in its
laboratory's export (`exports/`), in the dump of our LIMS (`lims_dump.jsonl`), or in both.

Canonical conventions: sample IDs are `WQ-` and five digits (WQ-00042); site codes are those of the
`site_code` column of `sites.tsv`; the sampling date is the local date at the site (all sites keep
UTC+10 all year, no daylight saving).

## The files

- `exports/northfield.csv` (UTF-8): sampling date day/month/year; temperature in degrees C; nitrate
  in mg/L as nitrate (NO3); `Status` is the ecological status: Good, Moderate or Poor.
- `exports/riverside.csv` (UTF-8): dates ISO; temperature in degrees F. Riverside reports nitrate as
  nitrate-NITROGEN (mg N/L): multiply by 62.004/14.007 (molar masses of NO3 and N) for mg/L as
  nitrate. Their `class` is a number on their own scale, which runs the other way from ours:
  1 = poor, 2 = moderate, 3 = good.
- `exports/bergstrom.csv`: written by Bergstrom's German software: Latin-1 (ISO-8859-1), semicolons,
  decimal commas, dates day.month.year, nitrate in micromol/L (NO3: 62.004 g/mol). `Zustand` is the
  status (gut = good, mäßig = moderate, schlecht = poor). Bergstrom still writes the sites' FORMER
  codes (`former_codes` in `sites.tsv`).
- `lims_dump.jsonl`: one record per line, nested. `collected_utc` is in UTC: the local sampling date
  can be the next day. Temperatures are in kelvin. Nitrate comes in mg/L as nitrate (`mg/L`) or as
  nitrogen (`mg N/L`). `status_code`: 1 = good, 2 = moderate, 3 = poor.

## Known problems

- The LIMS holds the validated results. Where a sample is in the LIMS and in a lab export, the LIMS
  values stand (lab exports can predate validation). A record re-validated in the LIMS is dumped
  again with a higher `revision`: the highest revision stands.
- Not samples: LIMS records of kind `qc` (lab quality control) and records with sample IDs starting
  with TEST (the LIMS vendor's tests); field blanks in the lab exports (site written BLANK, or
  BLINDPROBE at Bergstrom).
- Retracted (contaminated bottles), leave them out: {retracted}.
- Riverside's probe was miscalibrated on {batch_day}: every Riverside result for samples collected
  that day is retracted.

Licence: the monitoring data are published under the {licence}.
"""


def _sites(rng: np.random.Generator) -> pd.DataFrame:
    """The site sheet: 10-13 catchments of 2-4 sites, each site with one or two former codes."""
    rows = []
    numbers = rng.choice(np.arange(1, 400), 60, replace=False)
    for river in rng.choice(RIVERS, int(rng.integers(10, 14)), replace=False):
        for k in range(int(rng.integers(2, 5))):
            number = int(numbers[len(rows)])
            former = [f"{river[:3].upper()}{k + 1}"] + ([f"M{number:04d}"] if rng.random() < 0.4 else [])
            rows.append(
                {
                    "site_code": f"ST-{number:03d}",
                    "site_name": f"{river} {['weir', 'bridge', 'ford', 'mill', 'mouth'][k]}",
                    "catchment": str(river),
                    "former_codes": ",".join(former),
                    "latitude": round(float(rng.uniform(-28.5, -26.5)), 5),
                    "longitude": round(float(rng.uniform(152.0, 153.4)), 5),
                    "lab": str(rng.choice(LABS)),
                    "quality": float(rng.normal(0, 1)),
                }
            )
    return pd.DataFrame(rows)


def _samples(rng: np.random.Generator, sites: pd.DataFrame) -> pd.DataFrame:
    """The true samples: site, local sampling time, status and the three measurements."""
    n = int(rng.integers(800, 1300))
    weights = rng.uniform(0.5, 1.5, len(sites))
    site = rng.choice(len(sites), n, p=weights / weights.sum())
    day = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 730, n), unit="D")
    local = day + pd.to_timedelta(rng.integers(6 * 60, 17 * 60, n), unit="min")
    latent = sites["quality"].to_numpy()[site] + rng.normal(0, 1, n)
    label = np.digitize(latent, [-0.5, 0.7])  # 0 good, 1 moderate, 2 poor
    season = np.cos(2 * np.pi * (local.day_of_year.to_numpy() - 20) / 365)
    return pd.DataFrame(
        {
            "sample_id": [f"WQ-{k:05d}" for k in rng.choice(np.arange(1, 60000), n, replace=False)],
            "site": sites["site_code"].to_numpy()[site],
            "lab": sites["lab"].to_numpy()[site],
            "local": local,
            "temperature_c": np.round(19 + 6 * season + rng.normal(0, 1.5, n), 1),
            "ph": np.round(7.4 - 0.25 * label + rng.normal(0, 0.2, n), 2),
            "nitrate_mg_l": np.round(np.exp(rng.normal(0.5 + 0.6 * label, 0.4)), 2),
            "label": [LABELS[k] for k in label],
        }
    )


def _where(rng: np.random.Generator, samples: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Which samples the lab export and the LIMS hold: each at least once, about a third in both."""
    in_lab = rng.random(len(samples)) < 0.8
    in_lims = ~in_lab | (rng.random(len(samples)) < 0.45)
    return in_lab, in_lims


def _messy(rng: np.random.Generator, text: str) -> str:
    """The same code as a person re-typed it: case and stray spaces."""
    return str(rng.choice([text, text.lower(), f" {text}", f"{text} "], p=[0.7, 0.1, 0.1, 0.1]))


def _stale(rng: np.random.Generator, row: dict) -> dict:
    """A lab's pre-validation value: one measurement off (the LIMS holds the corrected one)."""
    row = dict(row)
    column = str(rng.choice(["ph", "nitrate_mg_l", "temperature_c"]))
    if column == "nitrate_mg_l":
        row[column] = round(row[column] * float(rng.uniform(1.3, 2.0)), 2)
    else:
        row[column] = round(row[column] + float(rng.choice([-1, 1])) * float(rng.uniform(0.3, 1.5)), 2)
    return row


def _northfield(rng: np.random.Generator, row: dict) -> dict:
    return {
        "Sample ID": _messy(rng, row["sample_id"]),
        "Site": _messy(rng, row["site"]),
        "Date": row["local"].strftime("%d/%m/%Y"),
        "Temp (°C)": f"{row['temperature_c']:.1f}",
        "pH": f"{row['ph']:.2f}",
        "Nitrate (mg/L)": f"{row['nitrate_mg_l']:.2f}",
        "Status": str(rng.choice(NORTHFIELD_STATUS[row["label"]])),
    }


def _riverside(rng: np.random.Generator, row: dict) -> dict:
    number = int(row["sample_id"][3:])
    return {
        "sample": str(rng.choice([f"WQ{number}", f"wq{number}", f"WQ-{number}"])),
        "site_code": _messy(rng, row["site"]),
        "collected": row["local"].strftime("%Y-%m-%d"),
        "temperature_f": f"{row['temperature_c'] * 9 / 5 + 32:.2f}",
        "ph": f"{row['ph']:.2f}",
        "nitrate_mg_l": f"{row['nitrate_mg_l'] / NO3_PER_N:.3f}",
        "class": RIVERSIDE_CLASS[row["label"]],
    }


def _bergstrom(rng: np.random.Generator, row: dict, former: dict[str, list[str]]) -> dict:
    comma = str.maketrans(".", ",")
    return {
        "Proben-Nr.": f"WQ {row['sample_id'][3:]}",
        "Messstelle": str(rng.choice(former.get(row["site"], [row["site"]]))),  # a blank: as written
        "Datum": row["local"].strftime("%d.%m.%Y"),
        "Temperatur (°C)": f"{row['temperature_c']:.1f}".translate(comma),
        "pH-Wert": f"{row['ph']:.2f}".translate(comma),
        "Nitrat (µmol/l)": f"{row['nitrate_mg_l'] / NO3_MOLAR_MASS * 1000:.1f}".translate(comma),
        "Zustand": str(rng.choice(BERGSTROM_STATUS[row["label"]])),
    }


def _lims(rng: np.random.Generator, row: dict, revision: int, kind: str = "routine") -> dict:
    as_n = rng.random() < 0.4
    results = [
        {"analyte": "water_temperature", "value": round(row["temperature_c"] + 273.15, 2), "unit": "K"},
        {"analyte": "pH", "value": row["ph"], "unit": None},
        {
            "analyte": "nitrate",
            "value": round(row["nitrate_mg_l"] / NO3_PER_N, 3) if as_n else row["nitrate_mg_l"],
            "unit": "mg N/L" if as_n else "mg/L",
        },
    ]
    return {
        "sample": {"id": row["sample_id"], "kind": kind, "revision": revision},
        "site": {"code": row["site"]},
        "collected_utc": (row["local"] - LOCAL_OFFSET).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "results": [results[i] for i in rng.permutation(3)],
        "assessment": {"status_code": LIMS_STATUS[row["label"]], "by": str(rng.choice(["JK", "AM", "TS"]))},
    }


def _lab_row(rng: np.random.Generator, lab: str, row: dict, former: dict[str, list[str]]) -> dict:
    if lab == "northfield":
        return _northfield(rng, row)
    if lab == "riverside":
        return _riverside(rng, row)
    return _bergstrom(rng, row, former)


def _blank(rng: np.random.Generator, lab: str, template: dict, sample_id: str) -> dict:
    """A field blank: a real-looking row whose site is BLANK (BLINDPROBE at Bergstrom)."""
    row = dict(template, sample_id=sample_id, label="good")
    row["nitrate_mg_l"] = 0.01
    return row | {"site": "BLINDPROBE" if lab == "bergstrom" else str(rng.choice(["BLANK", "blank"]))}


def _spare_ids(rng: np.random.Generator, samples: pd.DataFrame) -> Iterator[str]:
    """IDs for the records that are not samples (QC, field blanks), drawn from the same range as the
    samples' own and never one of them: only the notes tell them apart, not the number."""
    taken = {int(sample_id[3:]) for sample_id in samples["sample_id"]}
    free = np.array([k for k in range(1, 60000) if k not in taken])
    return (f"WQ-{int(k):05d}" for k in rng.choice(free, 40, replace=False))


def build(seed: int, workspace: Path, hidden: Path) -> None:
    rng = np.random.default_rng([seed, 4242])
    sites = _sites(rng)
    samples = _samples(rng, sites)
    in_lab, in_lims = _where(rng, samples)
    catchment = dict(zip(sites["site_code"], sites["catchment"]))
    former = {code: codes.split(",") for code, codes in zip(sites["site_code"], sites["former_codes"])}

    # Exclusions: a few retracted samples (anywhere), and Riverside's busiest day: every sample of a
    # Riverside site that day is in the lab export only, so the notes' rule names exactly those rows.
    day = samples["local"].dt.normalize()
    batch_day = day[samples["lab"] == "riverside"].value_counts().index[0]
    batch = set(samples.index[(samples["lab"] == "riverside") & (day == batch_day)])
    in_lab[list(batch)], in_lims[list(batch)] = True, False
    retracted = set(rng.choice(samples.index.difference(list(batch)), int(rng.integers(4, 8)), replace=False))

    lab_rows: dict[str, list[dict]] = {lab: [] for lab in LABS}
    lims_rows: list[dict] = []
    for index, row in samples.iterrows():
        row = row.to_dict()
        if in_lab[index]:
            shown = _stale(rng, row) if in_lims[index] and rng.random() < 0.2 else row
            lab_rows[row["lab"]].append(_lab_row(rng, row["lab"], shown, former))
        if in_lims[index]:
            if rng.random() < 0.1:  # re-validated: an earlier revision with a value since corrected
                lims_rows.append(_lims(rng, _stale(rng, row), 1))
                lims_rows.append(_lims(rng, row, 2))
            else:
                lims_rows.append(_lims(rng, row, 1))
    template = samples.iloc[0].to_dict()
    spare = _spare_ids(rng, samples)
    for lab in LABS:
        for _ in range(int(rng.integers(3, 6))):
            lab_rows[lab].append(_lab_row(rng, lab, _blank(rng, lab, template, next(spare)), former))
    for _ in range(int(rng.integers(10, 16))):
        fake = samples.iloc[int(rng.integers(len(samples)))].to_dict()
        fake["sample_id"] = next(spare)
        lims_rows.append(_lims(rng, fake, 1, kind="qc"))
    for k in range(int(rng.integers(3, 6))):
        fake = samples.iloc[int(rng.integers(len(samples)))].to_dict() | {"sample_id": f"TEST-{k + 1:03d}"}
        lims_rows.append(_lims(rng, fake, 1))

    _write_sources(rng, workspace, sites, lab_rows, lims_rows)
    licence, licence_id = LICENCES[int(rng.integers(len(LICENCES)))]
    spelled = [_retracted_spelling(rng, samples.at[i, "sample_id"]) for i in sorted(retracted)]
    (workspace / "NOTES.md").write_text(
        NOTES.format(retracted=", ".join(spelled), batch_day=batch_day.strftime("%Y-%m-%d"), licence=licence)
    )
    kept = samples.drop(index=list(retracted | batch))
    truth = [
        {
            "sample_id": row.sample_id,
            "site": row.site,
            "catchment": catchment[row.site],
            "sampled_on": row.local.strftime("%Y-%m-%d"),
            "temperature_c": float(row.temperature_c),
            "ph": float(row.ph),
            "nitrate_mg_l": float(row.nitrate_mg_l),
            "label": row.label,
        }
        for row in kept.sort_values("sample_id").itertuples()
    ]
    (hidden / "truth.json").write_text(json.dumps({"licence": licence_id, "rows": truth}))


def _retracted_spelling(rng: np.random.Generator, sample_id: str) -> str:
    """How a retraction e-mail wrote the ID (the notes copy it as written)."""
    number = int(sample_id[3:])
    return str(rng.choice([sample_id, f"wq-{number:05d}", f"WQ{number}", f"WQ {number:05d}"]))


def _write_sources(
    rng: np.random.Generator, workspace: Path, sites: pd.DataFrame, lab_rows: dict, lims_rows: list[dict]
) -> None:
    """Each source in its own format and encoding, rows shuffled."""
    (workspace / "exports").mkdir()
    for lab, rows in lab_rows.items():
        table = pd.DataFrame(rows).sample(frac=1.0, random_state=int(rng.integers(1 << 30)))
        if lab == "bergstrom":
            table.to_csv(workspace / "exports" / f"{lab}.csv", index=False, sep=";", encoding="latin-1")
        else:
            table.to_csv(workspace / "exports" / f"{lab}.csv", index=False, encoding="utf-8")
    order = rng.permutation(len(lims_rows))
    (workspace / "lims_dump.jsonl").write_text(
        "".join(json.dumps(lims_rows[i], ensure_ascii=False) + "\n" for i in order)
    )
    sheet = sites.drop(columns=["lab", "quality"])
    sheet.to_csv(workspace / "sites.tsv", sep="\t", index=False)
