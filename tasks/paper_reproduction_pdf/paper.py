"""The paper as a PDF (fpdf2), the only place the seed's decisive settings are written down.

The method section names every ingredient but gives no value for the three that decide the numbers:
the label-smoothing weight sits in a footnote, the clipping threshold in the caption of Table 1 and
the L2 coefficient in the hyper-parameter table of Appendix B. Related work describes the
configuration of earlier work (the distractor) with all three values given in the running text.
"""

from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

CREATED = datetime(2025, 3, 14, tzinfo=UTC)
TITLE = "Calibrated Shallow Networks for Bearing-Fault Screening from Vibration Band Energies"
AUTHORS = "Ilse Varga, Tomasz Brennan and Adaeze Okoro - Institute for Condition Monitoring"

ABSTRACT = (
    "Screening rotating machinery for bearing faults from a handful of vibration band energies is cheap "
    "and fast, but the probabilities such screens report are rarely trustworthy: a single saturated "
    "accelerometer reading can push a linear score far past any sensible confidence. We revisit two "
    "small probabilistic screens, a logistic model and a one-hidden-layer network, and show that three "
    "inexpensive ingredients, robust input scaling with clipping, label smoothing and an L2 penalty on "
    "every parameter, give well-behaved test likelihoods from a few hundred labelled windows onwards. We "
    "report test negative log-likelihood for both models at three training-set sizes and release the "
    "configuration in full."
)

INTRODUCTION = [
    "Bearing faults account for a large share of unplanned stops in pumps, fans and conveyors. The cheapest "
    "way to watch a machine is to record short vibration windows and summarise each one by its energy in a "
    "few frequency bands. A screen then turns the band energies of a window into a probability that the "
    "bearing is faulty, and the probability is compared with a threshold chosen by the maintenance team. "
    "Because the threshold is set on the probability itself, the screen must be calibrated, not merely "
    "accurate: a screen that says 0.99 when it should say 0.7 wastes inspections or misses faults.",
    "Two things make calibration hard in this setting. First, the labelled data are small: a fleet yields "
    "a few hundred confirmed windows per machine type, and the class boundary is curved, because a "
    "developing fault both shifts the band energies and widens their spread. Second, the sensors glitch. "
    "Loose mounts, cable faults and saturation produce readings many spreads away from the usual level, in "
    "the training windows and in the windows to be screened alike. A model fitted by maximum likelihood on "
    "such data becomes over-confident exactly where the data are least reliable.",
    "Our contribution is an empirical one. We fix two small model classes and ask which training choices "
    "make their test likelihood good and stable across training-set sizes. The answer is a short recipe "
    "(Section 3) whose three ingredients are individually known but, to our knowledge, have not been "
    "combined for vibration screening. Section 4 reports the results and Appendix B lists every "
    "hyper-parameter needed to reproduce them.",
]

RELATED = [
    "Envelope analysis and spectral kurtosis remain the standard tools for diagnosing a bearing once a "
    "fault is suspected [1]; they are not screens, because they need a trained analyst to read them. "
    "Band-energy screens replace the analyst with a classifier on a fixed set of features and have been "
    "fitted with support vector machines, gradient-boosted trees and small neural networks [2, 3].",
    "Closest to our work, Okafor and Lindqvist [4] trained the same one-hidden-layer network on band "
    "energies of fan bearings. They standardised every band by its training mean and standard deviation "
    "and clipped the result at +/-3, smoothed the targets with a label-smoothing weight of epsilon = 0.1, "
    "and used weight decay 1e-4 with Adam at learning rate 1e-3 for 200 epochs. We found that "
    "configuration over-confident on glitched windows and adopt a different one below; we keep their "
    "architecture so that the two are comparable.",
    "Label smoothing was introduced to regularise large image classifiers [5] and is known to improve the "
    "calibration of their probabilities [6]. Robust scaling by the median and the median absolute "
    "deviation is a textbook defence against outliers [7]; clipping the scaled inputs bounds the "
    "influence any single reading can have on a linear score. Temperature scaling [6] calibrates a fitted "
    "model after the fact, but needs a held-out set that small fleets rarely have.",
]

METHOD = [
    (
        "3.1 Input scaling",
        "Each of the ten band energies is scaled with statistics of the training rows of the run at hand "
        "(never of the test rows): we subtract the training median of the band and divide by 1.4826 times "
        "its median absolute deviation, so that a Gaussian band would have unit spread. The scaled value is "
        "then clipped to the interval [-c, c], in the training rows and in the test rows alike. The "
        "clipping threshold c is the same for every band, model and training-set size; we did not tune "
        "it per experiment.",
        "",
    ),
    (
        "3.2 Models",
        "The logistic model maps the ten scaled bands to a logit by an affine function. The network has one "
        "hidden layer of 8 tanh units followed by an affine output unit, the architecture of [4]. Both "
        "output a fault probability through the logistic sigmoid. The network's weights are initialised as "
        "PyTorch's nn.Linear does by default (uniform within 1/sqrt(fan_in)); the logistic model starts from "
        "zero, and its optimum is unique.",
        "",
    ),
    (
        "3.3 Training objective",
        "Both models minimise the mean binary cross-entropy over the training rows against smoothed targets: "
        "a label y in {0, 1} is replaced by (1 - epsilon) y + epsilon / 2, with the label-smoothing weight "
        "epsilon",
        " fixed for all experiments. To this we add an L2 penalty (lambda / 2) ||theta||^2 on every parameter "
        "theta of the model, biases included, with the same coefficient lambda for both models and all "
        "training-set sizes (Appendix B). No other regulariser, no dropout and no early stopping are used.",
    ),
    (
        "3.4 Optimisation",
        "The objective is smooth and the data are small, so we fit it full-batch with L-BFGS until the "
        "gradient vanishes (at most 2000 iterations; in our runs the optimiser always converged). The "
        "network's objective is not convex: every network cell of Table 1 is the mean test score over five "
        "initialisations (seeds 0 to 4). With the penalty of Section 3.3 the five runs land within a few "
        "ten-thousandths of a nat of each other.",
        "",
    ),
]

EXPERIMENTS = [
    "Data. Each row of the data file is one vibration window: ten band energies band_01 to band_10 (log "
    "energy, arbitrary units), the confirmed label fault (1 for a faulty bearing) and the column split, which "
    "assigns 2000 windows to training and 2000 to testing. Training rows appear in the order in which they "
    "were recorded. About two to five per cent of readings are glitches.",
    "Protocol. For a training-set size n in {300, 800, 2000} we fit each model on the first n training rows "
    "(scaling statistics included) and score it on every test row. The score is the test negative "
    "log-likelihood in nats, the mean of -log p(y) over the test rows with the hard labels y, so that lower "
    "is better and a constant prediction of one half scores log 2 = 0.693.",
    "Results. Table 1 shows the result on our fleet. The network improves on the logistic model at every "
    "size, and both models stay far below the constant predictor even at n = 300, despite the glitches. "
    "Without clipping (not shown) a single glitched band can decide the prediction for a window, and the "
    "test likelihood of the logistic model degrades by more than a tenth of a nat.",
]

DISCUSSION = [
    "The recipe is deliberately plain. Each ingredient addresses one failure: clipping bounds what a glitch "
    "can do to the logit, label smoothing stops the fit from chasing certainty on a few hundred windows, and "
    "the L2 penalty keeps the network's hidden units from specialising on individual glitched rows. Our "
    "values differ from those of [4] and from library defaults, and we found the results sensitive to all "
    "three.",
    "Limitations. We studied one machine type and a single split. Calibration under a change of machine "
    "type, or after a sensor has been replaced, needs data we do not have. A screen deployed on a fleet "
    "should be refitted when its sensors change.",
]

REFERENCES = [
    "[1] R. B. Randall and J. Antoni. Rolling element bearing diagnostics - a tutorial. Mechanical Systems "
    "and Signal Processing, 2011.",
    "[2] A. Widodo and B.-S. Yang. Support vector machine in machine condition monitoring and fault "
    "diagnosis. Mechanical Systems and Signal Processing, 2007.",
    "[3] S. Zhang et al. Deep learning algorithms for bearing fault diagnostics - a comprehensive review. "
    "IEEE Access, 2020.",
    "[4] C. Okafor and E. Lindqvist. Shallow networks for fan-bearing screening from band energies. "
    "Proceedings of the Workshop on Industrial Condition Monitoring, 2021.",
    "[5] C. Szegedy et al. Rethinking the Inception architecture for computer vision. CVPR, 2016.",
    "[6] C. Guo, G. Pleiss, Y. Sun and K. Q. Weinberger. On calibration of modern neural networks. ICML, "
    "2017.",
    "[7] P. J. Huber and E. M. Ronchetti. Robust Statistics, 2nd edition. Wiley, 2009.",
]


class _Paper(FPDF):
    """A4 pages with a running head, a page number and the footnotes of the page above it."""

    footnotes: list[str]

    def header(self) -> None:
        self.set_font("Helvetica", "I", 8)
        self.cell(
            0, 6, "Varga, Brennan and Okoro - Calibrated shallow networks for bearing screening", align="C"
        )
        self.ln(10)

    def footer(self) -> None:
        if self.footnotes:
            self.set_y(-34)
            self.line(self.l_margin, self.get_y(), self.l_margin + 50, self.get_y())
            self.set_font("Helvetica", "", 8)
            for note in self.footnotes:
                self.multi_cell(0, 4, note, new_x="LMARGIN", new_y="NEXT")
            self.footnotes = []
        self.set_y(-12)
        self.set_font("Helvetica", "", 8)
        self.cell(0, 6, str(self.page_no()), align="C")


def _heading(pdf: _Paper, text: str, size: int = 12) -> None:
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", size)
    pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _paragraph(pdf: _Paper, text: str) -> None:
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _paragraph_with_footnote(pdf: _Paper, before: str, after: str, note: str) -> None:
    """A paragraph with a superscript footnote mark between `before` and `after`; the note goes to the
    bottom of the page the mark lands on."""
    pdf.set_font("Helvetica", "", 10)
    pdf.write(5, before)
    pdf.char_vpos = "SUP"
    pdf.write(5, "1")
    pdf.char_vpos = "LINE"
    pdf.write(5, after)
    pdf.ln(7)
    pdf.footnotes.append("1 " + note)


def _table(pdf: _Paper, rows: list[list[str]], widths: tuple[int, ...]) -> None:
    pdf.set_font("Helvetica", "", 10)
    with pdf.table(col_widths=widths, width=sum(widths), text_align="CENTER", line_height=6) as table:
        for row in rows:
            table.row(row)


def write_paper(path: Path, settings: dict, paper_table: dict) -> None:
    """Write the paper to `path`: `settings` holds the decisive values, `paper_table` the numbers the
    paper reports for its own fleet (a different draw from the data the agent gets)."""
    pdf = _Paper(format="A4")
    pdf.footnotes = []
    pdf.set_creation_date(CREATED)  # a fixed date: the same seed gives the same bytes
    pdf.set_auto_page_break(auto=True, margin=38)
    pdf.set_margins(22, 18, 22)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(0, 8, TITLE, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 6, AUTHORS, align="C", new_x="LMARGIN", new_y="NEXT")
    _heading(pdf, "Abstract", 11)
    _paragraph(pdf, ABSTRACT)
    _heading(pdf, "1 Introduction")
    for text in INTRODUCTION:
        _paragraph(pdf, text)
    _heading(pdf, "2 Related work")
    for text in RELATED:
        _paragraph(pdf, text)
    _heading(pdf, "3 Method")
    for title, text, after in METHOD:
        _heading(pdf, title, 11)
        if after:
            note = (
                f"We use epsilon = {settings['label_smoothing']} throughout; the value of [4] made the "
                "network over-confident on glitched windows."
            )
            _paragraph_with_footnote(pdf, text, after, note)
        else:
            _paragraph(pdf, text)
    _heading(pdf, "4 Experiments")
    for text in EXPERIMENTS:
        _paragraph(pdf, text)
    sizes = list(next(iter(paper_table.values())))
    rows = [["model", *[f"n = {size[1:]}" for size in sizes]]]
    for model, label in (("logistic", "logistic model"), ("mlp", "network (8 tanh units)")):
        rows.append([label, *[f"{paper_table[model][size]:.4f}" for size in sizes]])
    _table(pdf, rows, (60, 30, 30, 30))
    pdf.ln(2)
    pdf.set_font("Helvetica", "I", 9)
    pdf.multi_cell(
        0,
        4.5,
        "Table 1: Test negative log-likelihood (nats, lower is better) on our fleet by training-set size n. "
        f"Inputs are robust-scaled and clipped at c = {settings['clip']} (Section 3.1); network cells are "
        "means over five initialisations.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    _heading(pdf, "5 Discussion")
    for text in DISCUSSION:
        _paragraph(pdf, text)
    _heading(pdf, "References")
    for text in REFERENCES:
        _paragraph(pdf, text)
    pdf.add_page()
    _heading(pdf, "Appendix A: Data file")
    _paragraph(
        pdf,
        "The data file has one row per window and the columns band_01 to band_10, fault and split, as "
        "described in Section 4. Values are written with ten decimals. No row is dropped: glitched readings "
        "are kept, because a screen meets them in service.",
    )
    _heading(pdf, "Appendix B: Hyper-parameters")
    _paragraph(pdf, "Table 2 lists every setting of the runs behind Table 1.")
    _table(
        pdf,
        [
            ["setting", "value"],
            ["hidden units (network)", "8"],
            ["activation", "tanh"],
            ["L2 coefficient lambda (penalty lambda/2 ||theta||^2)", str(settings["weight_decay"])],
            ["parameters penalised", "all, biases included"],
            ["optimiser", "full-batch L-BFGS"],
            ["maximum iterations", "2000"],
            ["initialisations per network cell", "5 (seeds 0-4)"],
            ["scaling statistics", "median, 1.4826 x MAD (training rows)"],
        ],
        (100, 60),
    )
    pdf.ln(2)
    pdf.set_font("Helvetica", "I", 9)
    pdf.multi_cell(0, 4.5, "Table 2: Hyper-parameters.", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
