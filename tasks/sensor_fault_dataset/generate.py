"""Instance generator for sensor_fault_dataset: raw readings from field sensors, the gateway notes
and the clean truth.

Readings come from three overlapping exports of a telemetry system: temperatures in Celsius or
Fahrenheit, status codes written many ways, readings repeated across exports and devices missing
from the registry. Three details only the gateway notes (`raw/README.md`) explain: the old gateway
(exports 1 and 2) writes the plant's local time without an offset (UTC+1, UTC+2 from the switch to
summer time on 29 March 2026), the new one (export 3) UTC; the new gateway's firmware numbers its
status codes differently; and the registry keeps one row per installation, so a device moved between
sites has two. The truth is one row per (device, UTC time) reading of a registered device, with the
site the device was at when it took the reading.
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd

LABELS = ["ok", "overheat", "sensor_error"]
OLD_CODES = {
    "ok": ["OK", "ok", "0", "normal", "OK "],
    "overheat": ["E1", "e1", "E-01", "OVERHEAT", "overheat"],
    "sensor_error": ["E7", "e7", "E-07", "SENSOR_FAIL", "sensor fault"],
}
NEW_CODES = {"ok": "0", "sensor_error": "1", "overheat": "2"}
START = pd.Timestamp("2026-03-16 00:00")  # UTC; four weeks, across the switch to summer time
SUMMER = pd.Timestamp("2026-03-29 01:00")  # UTC: 02:00 CET becomes 03:00 CEST
HOURS = 24 * 28
NOTES = """# Telemetry export notes

`devices.csv` is the device registry: one row per installation of a device at a site, valid from
`installed_from` (inclusive) until `installed_until` (exclusive; blank while still installed), both
dates at 00:00 UTC. A device moved to another site has one row per site.

`export_1.csv` ... `export_3.csv` are readings in batches that overlap in time, so a reading can be
in two exports. Columns: `device_id`, `timestamp`, `temperature`, `unit` (C or F), `status`.

Exports 1 and 2 come from the old gateway, export 3 from the new gateway that replaced it.

- Time: the old gateway writes the plant's local time without an offset: Central European Time
  (UTC+1), and Central European Summer Time (UTC+2) from 29 March 2026, 02:00 local time. The new
  gateway writes UTC, marked with a trailing `Z`.
- Status: the old gateway writes 0 (or OK) for normal operation, E1 for overheat and E7 for a sensor
  error, in various spellings. The new gateway's firmware writes a number: 0 normal operation,
  1 sensor error, 2 overheat.
"""


def _local(utc: pd.Timestamp) -> pd.Timestamp:
    return utc + pd.Timedelta(hours=2 if utc >= SUMMER else 1)


def build(seed: int, workspace: Path, hidden: Path) -> None:
    rng = np.random.default_rng([seed, 5150])
    n_sites = int(rng.integers(8, 12))
    sites = [f"site-{chr(65 + i)}" for i in range(n_sites)]
    devices = [f"D{i:03d}" for i in range(int(rng.integers(40, 60)))]
    registry, stays = [], {}  # device -> (site before the move, site after, move time)
    for device in devices:
        home = str(rng.choice(sites))
        installed = f"20{int(rng.integers(15, 23))}-{int(rng.integers(1, 13)):02d}-01"
        if rng.random() < 0.15:  # moved to another site during the four weeks
            moved = (START + pd.Timedelta(days=int(rng.integers(4, 25)))).strftime("%Y-%m-%d")
            other = str(rng.choice([s for s in sites if s != home]))
            registry += [(device, home, installed, moved), (device, other, moved, "")]
            stays[device] = (home, other, pd.Timestamp(moved))
        else:
            registry.append((device, home, installed, ""))
            stays[device] = (home, home, START)
    registry = pd.DataFrame(registry, columns=["device_id", "site", "installed_from", "installed_until"])

    rows = []
    for device in devices:
        base = rng.uniform(15, 30)
        for hour in sorted(rng.choice(HOURS, int(rng.integers(10, 20)), replace=False)):
            label = str(rng.choice(LABELS, p=[0.8, 0.12, 0.08]))
            when = START + pd.Timedelta(hours=int(hour), minutes=int(rng.integers(60)))
            rows.append(
                {
                    "device_id": device,
                    "utc": when,
                    "site": stays[device][1] if when >= stays[device][2] else stays[device][0],
                    "temperature_c": round(
                        float(base + rng.normal(0, 2) + (25 if label == "overheat" else 0)), 2
                    ),
                    "label": label,
                }
            )
    truth = pd.DataFrame(rows)
    truth["timestamp"] = truth["utc"].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    truth["reading_id"] = truth["device_id"] + "@" + truth["timestamp"]

    # Batches by time: export 1 the first 11 days, export 2 days 10-20, export 3 (new gateway) days 18-28.
    day = (truth["utc"] - START).dt.total_seconds() / 86400
    new_gateway_from = float(rng.uniform(17, 19))
    batches = [day < 11, (day >= 10) & (day < 20), day >= new_gateway_from]
    ghosts = truth.sample(15, random_state=int(rng.integers(1 << 30))).assign(
        device_id=[f"D{900 + i:03d}" for i in range(15)]
    )
    gday = (ghosts["utc"] - START).dt.total_seconds() / 86400
    (workspace / "raw").mkdir()
    for number, (batch, ghost) in enumerate(
        zip(batches, [gday < 10, (gday >= 10) & (gday < 18), gday >= 18]), 1
    ):
        part = pd.concat([truth[batch], ghosts[ghost]])
        part = pd.concat([part, part.sample(frac=0.05, random_state=int(rng.integers(1 << 30)))])
        part = part.sample(frac=1.0, random_state=int(rng.integers(1 << 30)))
        if number < 3:
            stamps = [_local(t).strftime("%Y-%m-%d %H:%M:%S") for t in part["utc"]]
            status = [str(rng.choice(OLD_CODES[label])) for label in part["label"]]
            fahrenheit = rng.random(len(part)) < 0.35
        else:
            stamps = list(part["timestamp"])
            status = [NEW_CODES[label] for label in part["label"]]
            fahrenheit = np.zeros(len(part), bool)
        pd.DataFrame(
            {
                "device_id": part["device_id"],
                "timestamp": stamps,
                "temperature": np.where(
                    fahrenheit, (part["temperature_c"] * 9 / 5 + 32).round(2), part["temperature_c"]
                ),
                "unit": np.where(fahrenheit, "F", "C"),
                "status": status,
            }
        ).to_csv(workspace / "raw" / f"export_{number}.csv", index=False)
    registry.sample(frac=1.0, random_state=int(rng.integers(1 << 30))).to_csv(
        workspace / "raw" / "devices.csv", index=False
    )
    (workspace / "raw" / "README.md").write_text(NOTES)
    columns = ["reading_id", "device_id", "site", "timestamp", "temperature_c", "label"]
    (hidden / "truth.json").write_text(
        json.dumps(truth.sort_values("reading_id")[columns].to_dict(orient="records"))
    )
