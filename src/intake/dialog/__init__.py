"""The chat's dialog engine, headless (no Textual, no typer): it reads short Swedish answers
into slots, asks one thing at a time, checks each answer through the service's `check`
(writing nothing), shows a summary card of the events it will record, and records only on
"ja". Used by `finsam chat` (line mode) and, later, by the app's chat screen.

- `words`: numbers, genders, outcomes, months and the steering words (ja, nej, avbryt, hjälp);
- `understand`: one utterance -> the slots it fills;
- `catalogue`: which insats a name, code, initials or misspelling means;
- `entries`: the entry kinds (flow, volume), their slot order, command and card;
- `money`: an amount said with kr/:-;
- `card`: the summary card as data; `prompts`: the questions and help; `hints`: the
  suggested month and last month's counts;
- `engine`: the conversation (`Dialog.say(text) -> Turn`, the turn in `turn`): its state and
  the steering words; `filling` reads an answer into the slots, `asking` checks the entry
  through the service and asks the next question or shows the card.
"""
