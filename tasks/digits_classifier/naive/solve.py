"""Naive attempt for digits_classifier: the first classifier that comes to mind, on the raw pixels.

An RBF support vector machine with scikit-learn's defaults on pixels scaled to [0, 1]: on a
held-out fifth of train.csv it is close to perfect, so it looks done. It ignores the data card.

Run from the workspace directory: fits on train.csv, saves model.pkl, replaces predict.py.
"""

import pickle

import pandas as pd
from sklearn.svm import SVC

train = pd.read_csv("train.csv")
pixels = [c for c in train.columns if c != "label"]
model = SVC().fit(train[pixels] / 255, train["label"])
with open("model.pkl", "wb") as f:
    pickle.dump(model, f)

with open("predict.py", "w") as f:
    f.write(
        "import pickle, sys\n"
        "import pandas as pd\n"
        "model = pickle.load(open('model.pkl', 'rb'))\n"
        "images = pd.read_csv(sys.argv[1])[[f'p{i}' for i in range(256)]] / 255\n"
        "pd.DataFrame({'label': model.predict(images)}).to_csv(sys.argv[2], index=False)\n"
    )
