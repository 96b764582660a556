"""Grammar-constrained sampling as llama.cpp's own tools do it: sample first, check the grammar after.

llama-cpp-python puts the grammar first in its sampler chain, so every token of a constrained
generation runs the grammar over all 49,152 candidates of SmolLM2's vocabulary (about 10 ms a token on
2 cores, half again the cost of the token itself). llama.cpp's common sampler (`common_sampler_sample`
in common/sampling.cpp, what llama-cli and llama-server run) samples from the unconstrained chain,
checks only the token it picked against the grammar, and applies the grammar to every candidate only
when that token is rejected. Greedy decoding gives the same tokens either way (the best token, when
grammatical, is also the best grammatical one). With temperature the distributions differ: an accepted
token comes from the unconstrained (top-k, top-p truncated) distribution, a rejected pick is drawn
again from the grammar-constrained one; this is the sampler llama.cpp's own tools use.
"""

import ctypes
import math
from typing import Any

import llama_cpp
import numpy as np

__all__ = ["SAMPLER", "CheckAfterLlama", "CheckAfterSampler"]

# Names the sampling method in every run's provenance (evals/run.py): another method can draw from
# another distribution, so the regression gate refuses to compare runs made with different ones. Bump
# the number whenever a change can change which tokens are drawn: this module, the defaults and seed
# steps of `sampling_for` (evals/embedded.py), the prompt and grammars of evals/embedded_protocol.py.
SAMPLER = "check-after grammar/1"


class CheckAfterSampler:
    """A sampler chain without the grammar, plus the grammar consulted on the picked token only.

    Has the interface llama-cpp-python's `Llama.sample` uses (`sample(ctx, idx)`).
    """

    def __init__(self, chain: Any, vocab: Any, grammar: Any, n_vocab: int) -> None:
        """
        Args:
            chain: llama-cpp-python's `LlamaSampler` built without a grammar.
            vocab: The model's llama.cpp vocabulary.
            grammar: A `llama_cpp.LlamaGrammar`.
            n_vocab: Vocabulary size.
        """
        self._chain = chain
        self._grammar = llama_cpp.llama_sampler_init_grammar(
            vocab, grammar._grammar.encode(), grammar._root.encode()
        )
        if not self._grammar:
            raise ValueError("llama.cpp could not parse the grammar")
        self._n_vocab = n_vocab
        self._data = (llama_cpp.llama_token_data * n_vocab)()
        self._table = np.ctypeslib.as_array(self._data)  # a structured view: id, logit, p
        self._ids = np.arange(n_vocab, dtype=np.intc)
        self._one = (llama_cpp.llama_token_data * 1)()

    def _candidates(self, logits: Any) -> Any:
        self._table["id"] = self._ids
        self._table["logit"] = np.ctypeslib.as_array(logits, shape=(self._n_vocab,))
        self._table["p"] = 0.0
        return llama_cpp.llama_token_data_array(
            data=self._data, size=self._n_vocab, selected=-1, sorted=False
        )

    def _grammatical(self, token: int) -> bool:
        self._one[0].id, self._one[0].logit, self._one[0].p = token, 1.0, 0.0
        single = llama_cpp.llama_token_data_array(data=self._one, size=1, selected=-1, sorted=False)
        llama_cpp.llama_sampler_apply(self._grammar, ctypes.byref(single))
        return math.isfinite(self._one[0].logit)

    def sample(self, ctx: Any, idx: int = -1) -> int:
        logits = llama_cpp.llama_get_logits_ith(ctx.ctx, idx)
        candidates = self._candidates(logits)
        llama_cpp.llama_sampler_apply(self._chain.sampler, ctypes.byref(candidates))
        token = self._data[candidates.selected].id
        if not self._grammatical(token):
            candidates = self._candidates(logits)
            llama_cpp.llama_sampler_apply(self._grammar, ctypes.byref(candidates))
            llama_cpp.llama_sampler_apply(self._chain.sampler, ctypes.byref(candidates))
            token = self._data[candidates.selected].id
        llama_cpp.llama_sampler_accept(self._grammar, token)
        llama_cpp.llama_sampler_accept(self._chain.sampler, token)
        return token

    def __del__(self) -> None:
        free = getattr(llama_cpp, "llama_sampler_free", None)  # None at interpreter teardown
        if getattr(self, "_grammar", None) and callable(free):
            free(self._grammar)
            self._grammar = None


class CheckAfterLlama(llama_cpp.Llama):
    """`llama_cpp.Llama` whose grammar-constrained generations use `CheckAfterSampler`, and which
    counts the tokens it runs through the model (`evaluated_tokens`)."""

    evaluated_tokens = 0

    def eval(self, tokens: Any) -> None:
        self.evaluated_tokens += len(tokens)
        super().eval(tokens)

    def _init_sampler(self, grammar: Any = None, **kwargs: Any) -> Any:
        chain = super()._init_sampler(grammar=None, **kwargs)
        if grammar is None:
            return chain
        return CheckAfterSampler(chain, self._model.vocab, grammar, self._n_vocab)
