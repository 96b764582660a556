"""The research agent's loop through real Inspect runs with scripted models: submission, the loop
guard, the forced final submission, budget awareness and context management."""

from inspect_ai import Task
from inspect_ai import eval as inspect_eval
from inspect_ai.dataset import Sample
from inspect_ai.model import GenerateConfig, get_model
from inspect_ai.tool import ToolFunction

from agent import AgentConfig, research_agent
from agent.budget import Budget
from tests.conftest import text_reply, tool_call

PROMPT = "Count the files in the working directory and report the number."


def _run(responder, tmp_path, config: AgentConfig | None = None, message_limit: int = 60):
    task = Task(
        dataset=[Sample(input=PROMPT, files={"a.txt": "a", "b.txt": "b"})],
        solver=research_agent(config),
        sandbox="openintern_local",
        message_limit=message_limit,
    )
    model = get_model("mockllm/model", custom_outputs=responder, memoize=False)
    [log] = inspect_eval(task, model=model, log_dir=str(tmp_path), display="none")
    assert log.status == "success", log.error
    return log.samples[0]


def _summary(sample) -> str:
    """The model's own words in the structured report the agent hands in."""
    report = sample.output.completion
    assert report.startswith("## What was done\n") and "\n## Unfinished\n" in report
    return report.split("\n\n## ")[0].removeprefix("## What was done\n")


def _forced(tool_choice) -> bool:
    return isinstance(tool_choice, ToolFunction) and tool_choice.name == "submit"


def test_a_model_that_submits_ends_the_sample_with_its_answer(tmp_path):
    def responder(input, tools, tool_choice, config):
        turns = sum(m.role == "assistant" for m in input)
        return (
            tool_call("bash", command="ls | wc -l") if turns == 0 else tool_call("submit", summary="2 files")
        )

    sample = _run(responder, tmp_path)
    assert _summary(sample) == "2 files"
    assert any(m.role == "tool" and m.text.strip() == "2" for m in sample.messages)


def test_repeated_calls_get_a_warning_then_a_forced_submission(tmp_path):
    def responder(input, tools, tool_choice, config):
        return (
            tool_call("submit", summary="forced report")
            if _forced(tool_choice)
            else tool_call("bash", command="ls")
        )

    sample = _run(responder, tmp_path)
    users = [m.text for m in sample.messages if m.role == "user"]
    assert any("same call several times" in text for text in users)
    assert any("stopped making progress" in text for text in users)
    assert _summary(sample) == "forced report" and sample.limit is None
    assert sum(m.role == "tool" for m in sample.messages) == AgentConfig().repeat_stop


def test_repeated_errors_count_as_a_loop(tmp_path):
    def responder(input, tools, tool_choice, config):
        if _forced(tool_choice):
            return tool_call("submit", summary="gave up")
        turns = sum(m.role == "assistant" for m in input)
        # Different code each time, the same error each time.
        return tool_call("python", code=f"# attempt {turns}\nraise SystemExit('no such file: data.csv')")

    sample = _run(responder, tmp_path, AgentConfig(repeat_warning=2, repeat_stop=3))
    assert _summary(sample) == "gave up"
    assert sum(m.role == "tool" for m in sample.messages) == 3
    assert any("stopped making progress" in m.text for m in sample.messages if m.role == "user")


def test_the_message_budget_forces_a_submission_before_the_limit(tmp_path):
    def responder(input, tools, tool_choice, config):
        turns = sum(m.role == "assistant" for m in input)
        return (
            tool_call("submit", summary="partial report")
            if _forced(tool_choice)
            else tool_call("bash", command=f"echo {turns}")
        )

    sample = _run(responder, tmp_path, message_limit=14)
    assert sample.limit is None, "the agent must submit before Inspect's limit ends the sample"
    assert _summary(sample) == "partial report"
    assert any("close to its message limit" in m.text for m in sample.messages if m.role == "user")


def test_a_model_that_ignores_the_forced_choice_still_hands_in_its_words(tmp_path):
    def responder(input, tools, tool_choice, config):
        if _forced(tool_choice):
            return text_reply("There are 2 files.")
        return text_reply("thinking...")

    sample = _run(responder, tmp_path, AgentConfig(idle_stop=2))
    assert _summary(sample) == "There are 2 files."
    assert any("calling one of your tools" in m.text for m in sample.messages if m.role == "user")


def test_the_model_sees_its_budget_without_spending_messages(tmp_path):
    seen = []

    def responder(input, tools, tool_choice, config):
        seen.append([m.text for m in input])
        turns = sum(m.role == "assistant" for m in input)
        return tool_call("bash", command="ls") if turns == 0 else tool_call("submit", summary="done")

    sample = _run(responder, tmp_path, message_limit=40)
    first, second = seen
    assert "Budget left:" in first[-1] and "messages" in first[-1]
    assert first[0] == second[0] and "Budget left" not in first[0]  # the prompt's start stays the same
    assert "Budget left:" in second[-1] and second[-1] != first[-1]
    assert not any("Budget left" in m.text for m in sample.messages)  # the log keeps the real messages


def test_the_budget_note_rides_on_a_copy_with_its_own_id(tmp_path):
    """The noted last message is a new message: the log keeps the real one (same id, no note), and the
    model's view shares every other message, ids included, with the log."""
    seen = []

    def responder(input, tools, tool_choice, config):
        seen.append([(m.id, m.text) for m in input])
        turns = sum(m.role == "assistant" for m in input)
        return (
            tool_call("bash", command=f"echo {turns}") if turns < 2 else tool_call("submit", summary="done")
        )

    logged = [(m.id, m.text) for m in _run(responder, tmp_path).messages]
    assert len(seen) == 3
    for view in seen:
        *shared, (noted_id, noted_text) = view
        assert shared == logged[: len(shared)]
        real_id, real_text = logged[len(shared)]
        assert noted_id != real_id and noted_text.startswith(f"{real_text}\n\nBudget left:")


def test_old_tool_outputs_are_elided_and_long_ones_capped(tmp_path):
    sizes, elided = [], []

    def responder(input, tools, tool_choice, config):
        sizes.append(sum(len(m.text) for m in input))
        elided.append(any("[elided to save space" in m.text for m in input))
        turns = sum(m.role == "assistant" for m in input)
        if turns < 6:
            return tool_call("python", code=f"print('{turns}' * 9000)")
        return tool_call("submit", summary="done")

    config = AgentConfig(max_context_chars=12_000, keep_tool_outputs=1, max_tool_output_chars=5_000)
    sample = _run(responder, tmp_path, config)
    outputs = [m.text for m in sample.messages if m.role == "tool"]
    assert all(len(text) < 5_200 for text in outputs) and "characters cut" in outputs[0]
    assert any(elided) and max(sizes[2:]) < 2 * config.max_context_chars
    assert "characters cut" in outputs[-1]  # the log keeps what the tools returned (capped), not the elisions


def test_budget_thresholds():
    config = AgentConfig()
    assert Budget(50, 1000, None, None, 20).nearly_spent(config) == "Time is nearly up."
    assert Budget(60, 1000, None, None, 20).nearly_spent(config) is None  # 5% kept: 50 s
    assert Budget(None, None, 500, 10_000, 20).nearly_spent(config) == "The token budget is nearly spent."
    assert "message limit" in Budget(None, None, None, None, 3).nearly_spent(config)
    assert Budget(900, 1000, 9_000, 10_000, 30).nearly_spent(config) is None
    # a slow model: 40 s steps need 3 x 40 s in hand, more than 5% of the time budget
    assert Budget(150, 1000, None, None, 30).nearly_spent(config, longest_generation_s=40) is None
    assert (
        Budget(70, 1000, None, None, 30).nearly_spent(config, longest_generation_s=40) == "Time is nearly up."
    )
    assert Budget(412.7, 600, 18_000, 20_000, 24).describe() == "412 s, 18,000 tokens, 24 messages"
    # how long a command may run: until one generation and save_seconds before the final reserve
    assert Budget(400, 600, None, None, None).describe(config, 10) == "400 s (a command may run up to 330 s)"
    assert Budget(400, 600, None, None, None).wrap_up(config, 10) is None
    assert Budget(120, 600, None, None, None).wrap_up(config, 10) == "about 90 s"
    assert Budget(None, None, None, None, 10).wrap_up(config) == "3 steps"
    # a large context makes each step costly: three of the largest steps are kept for the report
    assert Budget(None, None, 80_000, 400_000, None).nearly_spent(config, 0, 30_000) == (
        "The token budget is nearly spent."
    )
    assert Budget(None, None, 80_000, 400_000, None).nearly_spent(config, 0, 5_000) is None


def test_a_command_that_would_overrun_is_stopped_and_the_model_gets_its_turn_back(tmp_path):
    """A command that would run into the time kept for the last generations is stopped; the model
    reads why, is asked to save its outputs now, and writes them itself (it used to get only the
    forced submission, with nothing written)."""
    views = []

    def responder(input, tools, tool_choice, config):
        views.append(input[-1].text)
        if _forced(tool_choice):
            return tool_call("submit", summary="forced")
        turns = sum(m.role == "assistant" for m in input)
        if turns == 0:
            return tool_call("bash", command="sleep 120")
        output = tool_call("bash", command="echo rough > results.txt && cat results.txt")
        output.message.tool_calls += tool_call("submit", summary="saved results.txt").message.tool_calls
        for index, call in enumerate(output.message.tool_calls):
            call.id = f"call-{index}"
        return output

    task = Task(
        dataset=[Sample(input=PROMPT)], solver=research_agent(), sandbox="openintern_local", time_limit=30
    )
    model = get_model("mockllm/model", custom_outputs=responder, memoize=False)
    [log] = inspect_eval(task, model=model, log_dir=str(tmp_path), display="none")
    [sample] = log.samples
    assert sample.limit is None and sample.error is None, "the agent stopped the command, not Inspect"
    stopped, written = [m.text for m in sample.messages if m.role == "tool"][:2]
    assert stopped.startswith("Stopped after ") and written.strip() == "rough"
    assert _summary(sample) == "saved results.txt"
    assert "a command may run up to" in views[0] and "Save your outputs now" not in views[0]
    assert "Save your outputs now" in views[1]
    assert sample.total_time < 30


def test_the_model_is_asked_to_save_its_outputs_before_the_forced_turn(tmp_path):
    """Near the message limit the budget note asks for the outputs now, steps before the forced
    submission (which used to come without warning)."""
    views = []

    def responder(input, tools, tool_choice, config):
        if _forced(tool_choice):
            return tool_call("submit", summary="forced")
        views.append(input[-1].text)
        turns = sum(m.role == "assistant" for m in input)
        return tool_call("bash", command=f"echo step {turns}")

    sample = _run(responder, tmp_path, message_limit=24)
    warned = ["Save your outputs now" in view for view in views]
    assert not warned[0] and all(warned[-3:])
    assert "1 step left" in views[-1] or "0 steps left" in views[-1]
    assert _summary(sample) == "forced"


def test_a_submission_that_does_not_parse_is_shown_as_an_error_and_retried(tmp_path):
    from inspect_ai.tool import ToolCall

    def responder(input, tools, tool_choice, config):
        turns = sum(m.role == "assistant" for m in input)
        if turns == 0:
            output = tool_call("submit", summary="")
            broken = ToolCall(id="c1", function="submit", arguments={}, parse_error="cut off at 512 tokens")
            output.choices[0].message.tool_calls = [broken]
            return output
        return tool_call("submit", summary="second try")

    sample = _run(responder, tmp_path)
    [error] = [m for m in sample.messages if m.role == "tool"]
    assert "cut off at 512 tokens" in (error.error.message if error.error else error.text)
    assert _summary(sample) == "second try"


# Issue 10's defects, each as the scripted trajectory that showed it (they failed before the fix).


def test_a_long_experiment_early_does_not_end_the_work(tmp_path):
    """A 16 s command in a 60 s budget used to make the longest "step" 16 s and keep 3 x 16 s in
    reserve: the final submission came at once and the output was never written. Time is now kept
    for generations, so the next step writes the file and the model submits by itself."""

    def responder(input, tools, tool_choice, config):
        if _forced(tool_choice):
            return tool_call("submit", summary="forced")
        turns = sum(m.role == "assistant" for m in input)
        steps = [
            tool_call("bash", command="sleep 16 && echo trained"),
            tool_call("bash", command="echo 0.93 > results.txt && cat results.txt"),
            tool_call("submit", summary="wrote results.txt"),
        ]
        return steps[min(turns, 2)]

    task_limit = 60
    task = Task(
        dataset=[Sample(input=PROMPT, files={"a.txt": "a"})],
        solver=research_agent(),
        sandbox="openintern_local",
        time_limit=task_limit,
    )
    [log] = inspect_eval(
        task,
        model=get_model("mockllm/model", custom_outputs=responder, memoize=False),
        log_dir=str(tmp_path),
        display="none",
    )
    sample = log.samples[0]
    assert _summary(sample) == "wrote results.txt"
    assert any(m.role == "tool" and m.text.strip() == "0.93" for m in sample.messages)


def test_submit_beside_other_calls_runs_them_first(tmp_path):
    """[bash: write the output, submit] in one reply: the write runs, then the submission is taken."""

    def responder(input, tools, tool_choice, config):
        output = tool_call("bash", command="echo 42 > answer.txt && cat answer.txt")
        output.message.tool_calls += tool_call("submit", summary="42, in answer.txt").message.tool_calls
        for index, call in enumerate(output.message.tool_calls):
            call.id = f"call-{index}"
        return output

    sample = _run(responder, tmp_path)
    assert _summary(sample) == "42, in answer.txt"
    assert any(m.role == "tool" and m.text.strip() == "42" for m in sample.messages)


def test_a_sweep_whose_settings_give_the_same_result_is_not_a_loop(tmp_path):
    """Six different scripts that all print the same accuracy are a sweep, not a repeated call: no
    warning and no forced stop (it drew three warnings with false wording, then a stop)."""

    def responder(input, tools, tool_choice, config):
        if _forced(tool_choice):
            return tool_call("submit", summary="forced")
        turns = sum(m.role == "assistant" for m in input)
        if turns < 6:
            return tool_call(
                "bash", command=f"echo 'lr={10 ** -(turns + 1)}' > /dev/null; echo accuracy 0.91"
            )
        return tool_call("submit", summary="every setting gave 0.91")

    sample = _run(responder, tmp_path)
    users = [m.text for m in sample.messages if m.role == "user"]
    assert not any("same call" in text or "stopped making progress" in text for text in users)
    assert _summary(sample) == "every setting gave 0.91"


def test_the_forced_submission_works_with_extended_thinking(tmp_path):
    """Anthropic's extended thinking needs max_tokens above the thinking budget (>= 1,024) and refuses
    a forced tool choice: the final call then offers submit alone, unforced, with room for both."""
    seen = []

    def responder(input, tools, tool_choice, config):
        if [tool.name for tool in tools] == ["submit"]:
            seen.append((tool_choice, config.max_tokens))
            return tool_call("submit", summary="after thinking")
        return tool_call("bash", command="ls")  # repeats until the guard forces the submission

    task = Task(
        dataset=[Sample(input=PROMPT, files={"a.txt": "a"})],
        solver=research_agent(),
        sandbox="openintern_local",
    )
    model = get_model(
        "mockllm/model", custom_outputs=responder, memoize=False, config=GenerateConfig(reasoning_tokens=2048)
    )
    [log] = inspect_eval(task, model=model, log_dir=str(tmp_path), display="none")
    assert _summary(log.samples[0]) == "after thinking"
    [(tool_choice, max_tokens)] = seen
    assert tool_choice == "auto" and max_tokens == AgentConfig().final_max_tokens + 2048


def test_an_experiment_longer_than_the_budget_ends_by_itself_and_the_model_goes_on(tmp_path):
    """run_experiment's default limit (600 s) used to outlast a 40 s budget: the loop cancelled the
    run, the model got nothing back, and the final submission was forced. The run's limit is now cut
    to what the budget leaves, so the run ends by itself, the model reads its result and carries on."""

    def responder(input, tools, tool_choice, config):
        if _forced(tool_choice):
            return tool_call("submit", summary="forced")
        turns = sum(m.role == "assistant" for m in input)
        steps = [
            tool_call("run_experiment", command="echo started; sleep 100", name="long"),
            tool_call("bash", command="echo partial > results.txt && cat results.txt"),
            tool_call("submit", summary="the run was cut; wrote results.txt"),
        ]
        return steps[min(turns, 2)]

    task = Task(
        dataset=[Sample(input=PROMPT, files={"a.txt": "a"})],
        solver=research_agent(),
        sandbox="openintern_local",
        time_limit=40,
    )
    model = get_model("mockllm/model", custom_outputs=responder, memoize=False)
    [log] = inspect_eval(task, model=model, log_dir=str(tmp_path), display="none")
    sample = log.samples[0]
    experiment = next(m.text for m in sample.messages if m.role == "tool" and m.function == "run_experiment")
    assert experiment.startswith("(time limit cut to ") and "started" in experiment
    assert _summary(sample) == "the run was cut; wrote results.txt"


def test_elision_keeps_the_literature_answer_and_the_dataset_profile_through_large_logs(tmp_path):
    """Eight large training logs (and the scripts that printed them) push the conversation past its
    size: the logs and scripts shrink, each named; the dataset profile and the literature helper's
    answer stay word for word (they used to go first, being the oldest)."""
    import pandas as pd

    from tests.agent.files import PAPER_MD

    frame = pd.DataFrame({"dose": range(40), "response": [x * 0.5 for x in range(40)]})
    last_view = []

    def responder(input, tools, tool_choice, config):
        if "careful reader of research papers" in input[0].text:  # the literature helper
            return tool_call("submit", summary="lr 0.003 in section 2.1", numbers="lr=0.003 (paper.md, 2.1)")
        last_view[:] = input
        turns = sum(m.role == "assistant" for m in input)
        if turns == 0:
            return tool_call("inspect_dataset", path="data.csv")
        if turns == 1:
            return tool_call("ask_literature", question="Which learning rate?")
        if turns < 10:
            script = f"# sweep step {turns}\n" + "x = 1\n" * 400 + f"print('epoch loss {turns} ' * 500)"
            return tool_call("python", code=script)
        return tool_call("submit", summary="done")

    task = Task(
        dataset=[Sample(input=PROMPT, files={"data.csv": frame.to_csv(index=False), "paper.md": PAPER_MD})],
        solver=research_agent(AgentConfig(max_context_chars=24_000, keep_tool_outputs=2)),
        sandbox="openintern_local",
        message_limit=80,
    )
    model = get_model("mockllm/model", custom_outputs=responder, memoize=False)
    [log] = inspect_eval(task, model=model, log_dir=str(tmp_path), display="none")
    sample = log.samples[0]
    assert sample.error is None, sample.error.message if sample.error else ""
    profile, answer = [m.text for m in sample.messages if m.role == "tool"][:2]
    assert "dose" in profile and "lr=0.003 (paper.md, 2.1)" in answer
    seen = [m.text for m in last_view]
    assert profile in seen and answer in seen
    elided = [text for text in seen if text.startswith("[elided to save space: the output of python(")]
    assert len(elided) >= 4 and "'# sweep step" in elided[0]
    scripts = [
        c.arguments["code"]
        for m in last_view
        if m.role == "assistant"
        for c in m.tool_calls or []
        if c.function == "python"
    ]
    assert any(code.startswith("[elided to save space:") for code in scripts)
    assert sum(len(t) for t in seen) + sum(len(c) for c in scripts) < 2 * 24_000


def test_the_context_size_follows_the_models_context_window():
    from inspect_ai.model import ModelInfo, set_model_info

    from agent.context import context_chars

    set_model_info("mockllm/wide-context-test", ModelInfo(context_length=200_000))
    assert context_chars(AgentConfig(), get_model("mockllm/wide-context-test")) == 300_000
    assert context_chars(AgentConfig(), get_model("mockllm/model")) == 24_000  # unknown: the fallback
    assert (
        context_chars(AgentConfig(max_context_chars=9_000), get_model("mockllm/wide-context-test")) == 9_000
    )
    # one step's input is at most a tenth of the token budget (400,000 tokens: 120,000 characters)
    assert context_chars(AgentConfig(), get_model("mockllm/wide-context-test"), 400_000) == 120_000
