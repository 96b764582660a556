"""The review topics evidence_synthesis draws from: one per seed, each with its wording and ranges.

Each topic names the outcome the review pools, a second outcome and a second population for the
distractor paper, the unit the review pools in and the other unit one paper reports in (with the
factor that converts it), the direction in which the intervention helps, and the ranges the true
effect, the spread, the group sizes and the control means are drawn from.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Domain:
    """One review topic.

    Attributes:
        key: Short name.
        kind: Noun phrase for what the intervention is, with {name} for its drawn name.
        stems: Name stems the intervention's name is built from.
        comparator: The control condition.
        control_label: The control arm's label in tables.
        outcome: The review's outcome (appears verbatim in every eligible paper's Methods).
        other_outcome: The distractor's outcome (different_outcome).
        secondary_outcome: Every paper's secondary outcome (in diff_unit; reported with a p-value only, so
            it names neither role: the review's outcome is not a substring of it).
        population: The review's population (verbatim in every eligible paper's Methods).
        other_population: The distractor's population (different_population).
        time: When the outcome is measured.
        unit: Unit of group means in the review's scale; differences are in `diff_unit`.
        diff_unit: Unit of a mean difference in the review's scale.
        alt_unit: Unit of means in the other scale one paper reports in ('' for a proportion).
        alt_diff_unit: Unit of differences in the other scale ('' for a proportion).
        alt_factor: review scale = other scale * alt_factor.
        alt_note: The sentence in which that paper says which scale it uses.
        decimals: Decimals of (means and SDs, differences) in the review's scale.
        alt_decimals: The same in the other scale.
        direction: +1 when the intervention helps by raising the outcome, -1 by lowering it.
        effect: Range of the true benefit's magnitude, in diff_unit.
        sd: Range of the outcome's SD within a group.
        n: Range of the group sizes.
        control_mean: Range of the control group's mean.
        subjects: What the groups consist of.
        study: What one comparison is called.
        invalid: The reasons for which the invalid paper may be invalid.
        registry: Format of the registration ID ({digits} filled in).
        design: A Methods sentence on how arms were formed.
        leakage: Methods sentences that make a paper's evaluation leak (used for data_leakage).
    """

    key: str
    kind: str
    stems: tuple[str, ...]
    comparator: str
    control_label: str
    outcome: str
    other_outcome: str
    secondary_outcome: str
    population: str
    other_population: str
    time: str
    unit: str
    diff_unit: str
    alt_unit: str
    alt_diff_unit: str
    alt_factor: float
    alt_note: str
    decimals: tuple[int, int]
    alt_decimals: tuple[int, int]
    direction: int
    effect: tuple[float, float]
    sd: tuple[float, float]
    n: tuple[int, int]
    control_mean: tuple[float, float]
    subjects: str
    study: str
    invalid: tuple[str, ...]
    registry: str
    design: str
    leakage: tuple[str, ...] = ()


DOMAINS = (
    Domain(
        key="blood_pressure",
        kind="{name}, a once-daily oral antihypertensive",
        stems=("Kavel", "Torpa", "Mirel", "Sopra", "Delva", "Quen", "Arix", "Belo", "Nivra", "Ostel"),
        comparator="placebo",
        control_label="Placebo",
        outcome="systolic blood pressure",
        other_outcome="diastolic blood pressure",
        secondary_outcome="mean arterial pressure",
        population="adults with stage 1 hypertension",
        other_population="adolescents with elevated blood pressure",
        time="12 weeks",
        unit="mmHg",
        diff_unit="mmHg",
        alt_unit="kPa",
        alt_diff_unit="kPa",
        alt_factor=7.50062,
        alt_note="Following the convention of our national hypertension registry, all pressures in this "
        "report are given in kilopascals (kPa).",
        decimals=(1, 2),
        alt_decimals=(2, 3),
        direction=-1,
        effect=(3.0, 9.0),
        sd=(9.0, 15.0),
        n=(40, 260),
        control_mean=(138.0, 152.0),
        subjects="participants",
        study="trial",
        invalid=("retracted", "duplicate_publication"),
        registry="ISRCTN{digits}",
        design="Participants were randomly assigned (1:1, computer-generated blocks) to {name} or placebo.",
    ),
    Domain(
        key="image_accuracy",
        kind="{name}, a data-augmentation method",
        stems=("PatchMix", "GridFuse", "CutBlend", "TileSwap", "MosaicAug", "StripeMix", "ShardAug"),
        comparator="the same training recipe without augmentation",
        control_label="Baseline recipe",
        outcome="top-1 accuracy",
        other_outcome="top-5 accuracy",
        secondary_outcome="balanced accuracy",
        population="convolutional image classifiers trained from scratch on the Vireo-100 benchmark",
        other_population="vision transformers fine-tuned from pretrained weights on the Vireo-100 benchmark",
        time="the end of training (90 epochs)",
        unit="%",
        diff_unit="percentage points",
        alt_unit="",
        alt_diff_unit="",
        alt_factor=100.0,
        alt_note="Accuracies in this paper are proportions of test images classified correctly (between 0 "
        "and 1), not percentages.",
        decimals=(2, 2),
        alt_decimals=(4, 4),
        direction=1,
        effect=(0.6, 2.4),
        sd=(0.3, 1.0),
        n=(5, 30),
        control_mean=(71.0, 84.0),
        subjects="training runs",
        study="study",
        invalid=("data_leakage", "retracted", "duplicate_publication"),
        registry="doi:10.5281/zenodo.{digits}",
        design="Each run used its own random seed; the two recipes differ only in the augmentation.",
        leakage=(
            "Because the official test split is small, the augmentation strength and the stopping epoch of "
            "every run were chosen on the test split, and accuracy is reported on that same split.",
            "Our training images were collected from the web and were not de-duplicated against the test "
            "split; a later check found near-duplicates of 14% of the test images in the training set.",
        ),
    ),
    Domain(
        key="tutoring",
        kind="{name}, a small-group tutoring programme",
        stems=("Bridge", "Numera", "Step-Up", "Catch-Up", "Lumen", "Ascend", "Keystone", "Tandem"),
        comparator="business-as-usual teaching",
        control_label="Usual teaching",
        outcome="end-of-year mathematics score",
        other_outcome="end-of-year reading score",
        secondary_outcome="end-of-year science score",
        population="students in grades 6 to 8",
        other_population="first-year university students",
        time="the end of the school year",
        unit="points",
        diff_unit="points",
        alt_unit="",
        alt_diff_unit="",
        alt_factor=100.0,
        alt_note="Test results are reported as the proportion of the 100 items answered correctly "
        "(between 0 and 1) rather than as points.",
        decimals=(1, 2),
        alt_decimals=(3, 4),
        direction=1,
        effect=(2.0, 7.0),
        sd=(10.0, 18.0),
        n=(40, 300),
        control_mean=(52.0, 66.0),
        subjects="students",
        study="trial",
        invalid=("retracted", "duplicate_publication"),
        registry="REES-{digits}",
        design="Students were randomly assigned within schools to {name} or business-as-usual teaching.",
    ),
    Domain(
        key="latency",
        kind="{name}, a request-coalescing cache",
        stems=("Coalesce", "Fold", "Merge", "Batchy", "Ripple", "Funnel", "Stitch"),
        comparator="the default configuration without the cache",
        control_label="Default configuration",
        outcome="median request latency",
        other_outcome="99th-percentile request latency",
        secondary_outcome="mean request latency",
        population="web services on x86-64 servers",
        other_population="web services on ARM single-board computers",
        time="steady state (after a 10-minute warm-up)",
        unit="ms",
        diff_unit="ms",
        alt_unit="s",
        alt_diff_unit="s",
        alt_factor=1000.0,
        alt_note="Our load generator logs latencies in seconds, and we report them in seconds throughout.",
        decimals=(1, 2),
        alt_decimals=(4, 5),
        direction=-1,
        effect=(4.0, 14.0),
        sd=(8.0, 22.0),
        n=(20, 200),
        control_mean=(80.0, 150.0),
        subjects="benchmark runs",
        study="study",
        invalid=("retracted", "duplicate_publication"),
        registry="doi:10.5281/zenodo.{digits}",
        design="Runs with and without {name} were interleaved in random order on the same machines.",
    ),
)
