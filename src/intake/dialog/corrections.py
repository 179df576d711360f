"""The sub-dialogs of the chat: a board meeting (or a decision's correction), "ångra" right
after a recording, and a correction begun from event #N (`Dialog.correct(position)`). Part
of `Dialog` (see `engine`): while a sub-dialog runs, every answer but "avbryt" and "hjälp"
goes to it, and what it records becomes what "ångra" sets back."""

from __future__ import annotations

from typing import Protocol

from ledger.service.commands import Command, RecordBoardDecisions

from .board import BoardDialog
from .entries import Entry
from .from_event import month_of, recorded_lines, reversal, stored_event
from .turn import Turn
from .undo import Confirm, Recorded, undo_command

DECISION_EVENTS = ("DecisionRecorded", "DecisionCorrected")


class Sub(Protocol):
    """A sub-dialog: it answers, asks (None once it has nothing more to ask) and keeps what
    it recorded in `saved`."""

    asking: str | None
    saved: Recorded | None

    def say(self, text: str) -> Turn: ...

    def again(self) -> Turn:
        """The current question (or card) once more."""
        ...

    def help(self) -> str:
        """What can be said now."""
        ...


class Corrections:
    """The sub-dialogs' half of the dialog."""

    def _execute(self, command: Command) -> Recorded:
        """Record `command`; returns it with its outcome and the events just stored."""
        store = self.svc.store
        before = store.max_position()
        outcome = self.svc.execute(command)
        events = tuple(n.event for n in store.read(start=before + 1, stop=store.max_position()))
        return Recorded(command, outcome, events)

    def _sub_turn(self, turn: Turn) -> Turn:
        """The sub-dialog's turn; once it has recorded (or has nothing to ask) it ends."""
        sub = self.sub
        if sub is not None and (sub.saved is not None or sub.asking is None):
            self.reset()
            self.recorded_last = sub.saved
        return turn

    def _begin_board(self, text: str, *, correction: bool = False) -> Turn:
        self.sub = BoardDialog(self.svc, self.today, self._execute, correction=correction)
        return self._sub_turn(self.sub.take(text))

    def _undo(self, done: Recorded | None) -> Turn:
        """The correction that sets back what was just recorded, as a card (never a deletion)."""
        if done is None:
            return Turn(['Det finns inget att ångra – "ångra" gäller det som just sparades. '
                         'En äldre händelse rättas med "rätta …".', "Vad vill du registrera?"])
        if isinstance(done.command, RecordBoardDecisions):
            last = done.command.decisions[-1]
            return self._decision_correction(last.sammantrade, last.paragraf, [
                "Ett registrerat beslut tas aldrig bort – det kan rättas."])
        command = undo_command(done)
        if command is None:  # a reversal: it is itself the setting back
            return Turn(["En vändning ångras inte – bokför kostnaden på nytt om den var rätt.",
                         "Vad vill du registrera?"])
        self.sub = Confirm(self.svc, lambda reason: undo_command(done, reason), "ångra – rättelse av det som "
                           "just sparades", execute=self._execute)
        return self._sub_turn(self.sub.start(["Inget tas bort: det som sparades rättas tillbaka."]))

    def _decision_correction(self, datum, paragraf: str, notes: list[str]) -> Turn:  # noqa: ANN001
        board = BoardDialog(self.svc, self.today, self._execute, correction=True)
        board.datum = datum
        board.current.paragraf = paragraf
        self.sub = board
        return self._sub_turn(board.checked(notes))

    def correct(self, position: int) -> Turn:
        """Begin the correction of stored event #`position` (from the history screen): the
        entry prefilled from the event, asking what is to change; nothing is recorded
        before "ja" on the card of före → efter."""
        self.reset()
        s = stored_event(self.svc, position)
        if s is None:
            return Turn([f"Händelse #{position} finns inte.", "Vad vill du registrera?"])
        head = f"Rättelse av händelse #{position}."
        if s.name in ("FlowReported", "FlowCorrected", "VolumeReported", "VolumeCorrected"):
            ins = next((i for i in self.insatser if i.kod == s.aggregate.kod), s.aggregate)
            self.entry = Entry(insats=ins, values={"manad": month_of(s.event.manad)}, correction=True)
            what = "volym" if s.name.startswith("Volume") else "flöde"
            return self._next([f"Rättelse av händelse #{position}: {what} {ins.namn} ({ins.kod}) {s.event.manad}.",
                               *recorded_lines(s)])
        if s.name in DECISION_EVENTS:
            return self._decision_correction(s.aggregate.datum, s.event.paragraf, [head])
        if s.name == "Posted" and not s.aggregate.reverses and not s.aggregate.reversed_by:
            self.sub = Confirm(self.svc, reversal(s), f"vändning av {s.aggregate.label()}", needs_reason=True,
                               execute=self._execute)
            return self._sub_turn(self.sub.start([head, f"En bokförd verifikation ändras aldrig – "
                                                        f"{s.aggregate.label()} vänds med en ny verifikation."]))
        return Turn([f"Händelse #{position} är inget flöde, ingen volym, kostnad eller inget beslut – den kan inte "
                     "rättas i chatten.", "Vad vill du registrera?"])
