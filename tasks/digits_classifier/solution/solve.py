"""Reference solution for digits_classifier: an RBF support vector machine.

Run from the workspace directory: fits on train.csv, saves model.pkl, replaces predict.py.
"""

import pickle

import pandas as pd
from sklearn.svm import SVC

train = pd.read_csv("train.csv")
pixels = [f"p{i}" for i in range(64)]
model = SVC(gamma=0.001, C=10).fit(train[pixels], train["label"])
with open("model.pkl", "wb") as f:
    pickle.dump(model, f)

with open("predict.py", "w") as f:
    f.write(
        "import pickle, sys\n"
        "import pandas as pd\n"
        "model = pickle.load(open('model.pkl', 'rb'))\n"
        "images = pd.read_csv(sys.argv[1])[[f'p{i}' for i in range(64)]]\n"
        "pd.DataFrame({'label': model.predict(images)}).to_csv(sys.argv[2], index=False)\n"
    )
