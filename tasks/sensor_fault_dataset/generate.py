"""Instance generator for sensor_fault_dataset: raw readings from field sensors and the clean truth.

Readings come from several exports of a telemetry system: temperatures in Celsius or Fahrenheit,
status codes written many ways, readings duplicated across overlapping exports, devices missing from
the registry, and a registry that ties each device to a site. The truth is one row per
(device, timestamp) reading of a registered device.
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd

LABELS = ["ok", "overheat", "sensor_error"]
CODES = {
    "ok": ["OK", "ok", "0", "normal", "OK "],
    "overheat": ["E1", "e1", "E-01", "OVERHEAT", "overheat"],
    "sensor_error": ["E7", "e7", "E-07", "SENSOR_FAIL", "sensor fault"],
}


def build(seed: int, workspace: Path, hidden: Path) -> None:
    rng = np.random.default_rng([seed, 5150])
    n_sites = int(rng.integers(8, 12))
    sites = [f"site-{chr(65 + i)}" for i in range(n_sites)]
    devices = pd.DataFrame({"device_id": [f"D{i:03d}" for i in range(int(rng.integers(40, 60)))]})
    devices["site"] = rng.choice(sites, len(devices))
    devices["installed"] = [f"20{int(rng.integers(15, 23))}" for _ in range(len(devices))]

    rows = []
    for device in devices["device_id"]:
        base = rng.uniform(15, 30)
        for hour in sorted(rng.choice(24 * 14, int(rng.integers(8, 16)), replace=False)):
            label = str(rng.choice(LABELS, p=[0.8, 0.12, 0.08]))
            temperature = base + rng.normal(0, 2) + (25 if label == "overheat" else 0)
            rows.append(
                {
                    "device_id": device,
                    "timestamp": (pd.Timestamp("2026-03-02") + pd.Timedelta(hours=int(hour))).isoformat(),
                    "temperature_c": round(float(temperature), 2),
                    "label": label,
                }
            )
    truth = pd.DataFrame(rows).merge(devices[["device_id", "site"]], on="device_id")

    raw = truth.drop(columns="site").copy()
    fahrenheit = rng.random(len(raw)) < 0.35
    raw["temperature"] = np.where(
        fahrenheit, (raw["temperature_c"] * 9 / 5 + 32).round(2), raw["temperature_c"]
    )
    raw["unit"] = np.where(fahrenheit, "F", "C")
    raw["status"] = [str(rng.choice(CODES[label])) for label in raw["label"]]
    raw = raw.drop(columns=["temperature_c", "label"])
    ghosts = raw.sample(15, random_state=int(rng.integers(1 << 30))).assign(
        device_id=[f"D{900 + i:03d}" for i in range(15)]
    )
    overlap = raw.sample(frac=0.1, random_state=int(rng.integers(1 << 30)))
    raw = pd.concat([raw, ghosts, overlap]).sample(frac=1.0, random_state=int(rng.integers(1 << 30)))
    (workspace / "raw").mkdir()
    for i, start in enumerate(range(0, len(raw), -(-len(raw) // 3))):
        raw.iloc[start : start + -(-len(raw) // 3)].to_csv(
            workspace / "raw" / f"export_{i + 1}.csv", index=False
        )
    devices.to_csv(workspace / "raw" / "devices.csv", index=False)
    truth["reading_id"] = truth["device_id"] + "@" + truth["timestamp"]
    columns = ["reading_id", "device_id", "site", "timestamp", "temperature_c", "label"]
    (hidden / "truth.json").write_text(json.dumps(truth[columns].to_dict(orient="records")))
