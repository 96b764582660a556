"""Reference solution for review_sentiment: logistic regression on word 1-3-grams, with the clause
after "but" marked, so negations ("not great") and contrast are visible to a linear model.

Run from the workspace directory: fits on train.csv, saves model.pkl, replaces predict.py.
"""

import inspect
import pickle
import re

import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline


def prepare(text):
    """Tag every word after 'but' with a prefix: the second clause decides the sentiment."""
    text = text.lower()
    if ", but " in text:
        first, second = text.split(", but ", 1)
        second = " ".join("B_" + w for w in re.findall(r"[a-z]+", second))
        return first + " " + second
    return text


train = pd.read_csv("train.csv")
model = make_pipeline(
    TfidfVectorizer(ngram_range=(1, 3), sublinear_tf=True), LogisticRegression(C=10, max_iter=2000)
)
model.fit(train["text"].map(prepare), train["label"])
with open("model.pkl", "wb") as f:
    pickle.dump(model, f)

with open("predict.py", "w") as f:
    f.write("import pickle, re, sys\nimport pandas as pd\n\n\n" + inspect.getsource(prepare) + "\n\n")
    f.write(
        "model = pickle.load(open('model.pkl', 'rb'))\n"
        "reviews = pd.read_csv(sys.argv[1])\n"
        "pd.DataFrame({'label': model.predict(reviews['text'].map(prepare))}).to_csv(sys.argv[2], index=False)\n"
    )
