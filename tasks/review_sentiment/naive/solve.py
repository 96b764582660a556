"""Naive attempt for review_sentiment: TF-IDF of the words with scikit-learn's defaults and a default
logistic regression.

The obvious first try. Single words cannot see which clause decides ("X, but Y"), what a "not"
reverses or which aspect "cheap" describes, so it lands near the starter's accuracy.

Run from the workspace directory: fits on train.csv, saves model.pkl, replaces predict.py.
"""

import pickle

import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

train = pd.read_csv("train.csv")
model = make_pipeline(TfidfVectorizer(), LogisticRegression()).fit(train["text"], train["label"])
with open("model.pkl", "wb") as f:
    pickle.dump(model, f)

with open("predict.py", "w") as f:
    f.write(
        "import pickle, sys\n"
        "import pandas as pd\n"
        "model = pickle.load(open('model.pkl', 'rb'))\n"
        "reviews = pd.read_csv(sys.argv[1])\n"
        "pd.DataFrame({'label': model.predict(reviews['text'])}).to_csv(sys.argv[2], index=False)\n"
    )
