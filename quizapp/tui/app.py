"""The study app (Textual): Home, Study, Browse, Add card, Stats, Settings and Help screens.

Start-up is kept short: this module imports Textual and nothing heavy. The Home screen is shown
at once as a skeleton; the store (SQLAlchemy) and the library (YAML banks) are opened in a
thread worker after the first frame, then every screen fills in. NumPy and the solvers are
imported only when a numeric card or a drill needs them, in workers.

The app holds the services (``store``, ``library``, ``settings``) and the view state shared by
every screen: the language (``lang``: en, zh or both) and the clock. Screens never talk to the
database directly except through :class:`~quizapp.store.Store` methods and the study engine.
"""

from __future__ import annotations

import argparse
import os
import random
import shlex
import subprocess
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.reactive import reactive

from quizapp.tui.i18n import T, label, localize_bindings, tr
from quizapp.tui.palette import QuizCommands

if TYPE_CHECKING:
    from quizapp.bank.loader import Library
    from quizapp.catalog import Store

LANGS = ("en", "zh", "both")
THEMES = {"dark": "textual-dark", "light": "textual-light"}


@dataclass(frozen=True)
class StudyRequest:
    """What to study: decks and tags (empty = all) and a card limit."""

    decks: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    limit: int | None = None


@dataclass(frozen=True)
class MockRequest:
    """A mock interview to open at start-up: its length in minutes and decks (empty = all)."""

    minutes: int = 20
    decks: tuple[str, ...] = ()


class QuizApp(App[int]):
    """The study app. The store can be passed in, else it is opened in a worker (with the
    library): ``db_url``/``banks`` as for the CLI; ``include_builtin=False``/``include_user=False``
    leave out the built-in banks / the banks in ``$QUIZAPP_HOME/banks``;
    ``clock`` gives the current aware UTC time; ``seed`` makes card presentation repeatable;
    ``study`` opens a study session as soon as the data is loaded; ``lang`` overrides the saved
    language for this run."""

    CSS_PATH = str(Path(__file__).with_name("app.tcss"))  # absolute: subclasses work anywhere
    TITLE = "quizapp"
    SUB_TITLE = "ML interview prep · 机器学习面试"
    COMMANDS = App.COMMANDS | {QuizCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1,question_mark", "help", label("help")),
        Binding("ctrl+l", "cycle_language", label("cycle_language"), show=False, priority=True),
        Binding("ctrl+q", "quit", label("quit"), show=False, priority=True),
    ]

    lang: reactive[str] = reactive("en", init=False)
    data_version: reactive[int] = reactive(0, init=False)  # bumped when the library (re)loads

    def __init__(
        self,
        *,
        db_url: str | None = None,
        banks: Sequence[Path] = (),
        store: Store | None = None,
        include_builtin: bool = True,
        include_user: bool = True,
        clock: Callable[[], datetime] | None = None,
        seed: int | None = None,
        study: StudyRequest | None = None,
        lang: str | None = None,
        mock: MockRequest | None = None,
    ) -> None:
        super().__init__()
        self.db_url = db_url
        self.banks = list(banks)
        self.include_builtin = include_builtin
        self.include_user = include_user
        self.store: Store | None = store
        self.library: Library | None = None
        self.settings: dict[str, Any] = {}
        self.clock: Callable[[], datetime] = clock or (lambda: datetime.now(UTC))
        self.seed = seed
        self.rng = random.Random(seed)
        self.study_request = study
        self.mock_request = mock
        self.lang_override = lang
        self.load_error: str | None = None
        self._owns_store = store is None

    # --- start-up ---------------------------------------------------------------------------

    def get_default_screen(self) -> Any:
        from quizapp.tui.screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        self._localize()

    def on_ready(self) -> None:
        """The first frame is on screen: now load the data (a worker started earlier would
        compete with the first frame for the interpreter)."""
        self.load_services()

    @work(thread=True, exclusive=True, group="load")
    def load_services(self) -> None:
        """Open the store and load the library (in a thread: SQLAlchemy and YAML take a while),
        then hand them to the UI thread."""
        try:
            from quizapp import (
                render,  # noqa: F401 - warm the imports the screens use
                study,  # noqa: F401
            )
            from quizapp.bank.loader import load_library
            from quizapp.catalog import open_store

            store = self.store or open_store(self.db_url)
            library = load_library(
                self.banks, include_builtin=self.include_builtin, include_user=self.include_user
            )
            settings = store.settings()
        except Exception as exc:  # shown on Home; the app stays usable to quit
            self.call_from_thread(self._load_failed, f"{type(exc).__name__}: {exc}")
            return
        self.call_from_thread(self._services_ready, store, library, settings)

    def _load_failed(self, message: str) -> None:
        self.load_error = message
        self.notify(message, title="quizapp", severity="error", timeout=30)

    def _services_ready(self, store: Store, library: Library, settings: dict[str, Any]) -> None:
        self.store, self.library, self.settings = store, library, settings
        self.theme = THEMES.get(settings.get("theme", "dark"), "textual-dark")
        self.lang = self.lang_override or settings.get("lang", "en")
        self.data_version += 1
        if library.problems:
            n = len(library.problems)
            self.notify(
                tr(
                    T(
                        f"{n} problem(s) in your banks; cards with problems are left "
                        "out (run `quizapp validate`).",
                        f"题库中有 {n} 处问题，有问题的卡片已跳过（运行 `quizapp validate`）。",
                    ),
                    self.lang,
                ),
                severity="warning",
                timeout=8,
            )
        if self.study_request is not None:
            request, self.study_request = self.study_request, None
            self.start_study(request.decks, request.tags, request.limit)
        if self.mock_request is not None:
            mock, self.mock_request = self.mock_request, None
            self.start_mock(mock.minutes, mock.decks)

    def reload_library(self, then: Callable[[], None] | None = None) -> None:
        """Load the banks again (after a card was edited or added), then call ``then``."""
        self._reload(then)

    @work(thread=True, exclusive=True, group="reload")
    def _reload(self, then: Callable[[], None] | None) -> None:
        from quizapp.bank.loader import load_library

        library = load_library(
            self.banks, include_builtin=self.include_builtin, include_user=self.include_user
        )

        def swap() -> None:
            self.library = library
            self.data_version += 1
            if then is not None:
                then()

        self.call_from_thread(swap)

    def on_unmount(self) -> None:
        if self.store is not None and self._owns_store:
            self.store.close()

    @property
    def loaded(self) -> bool:
        """True once the store and the library are available."""
        return self.data_version > 0

    # --- language, theme, settings ----------------------------------------------------------

    def t(self, text: Any) -> str:
        """An interface string (:class:`Text`) in the current language."""
        return tr(text, self.lang)

    def watch_lang(self) -> None:
        self._localize()

    def _localize(self) -> None:
        localize_bindings(self, self.lang)
        for screen in self.screen_stack:
            localize_bindings(screen, self.lang)
            for widget in screen.query("*"):
                localize_bindings(widget, self.lang)
            screen.refresh_bindings()

    def localize_screen(self, screen: Any) -> None:
        """Localize a newly pushed screen's bindings."""
        localize_bindings(screen, self.lang)
        screen.refresh_bindings()

    def set_lang(self, lang: str, *, save: bool = True) -> None:
        """Switch the display language (``en``, ``zh``, ``both``); remembered in the settings."""
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}")
        self.lang = lang
        self.lang_override = None
        if save and self.store is not None:
            self.save_setting("lang", lang)

    def action_cycle_language(self) -> None:
        self.set_lang(LANGS[(LANGS.index(self.lang) + 1) % len(LANGS)])
        self.notify(
            self.t(T("Language: ", "语言："))
            + {"en": "English", "zh": "中文", "both": "English + 中文"}[self.lang],
            timeout=2,
        )

    def save_setting(self, key: str, value: Any) -> None:
        """Store a setting (once the store is open) and keep the app's copy in step."""
        if self.store is not None:
            self.store.set_setting(key, value)
        self.settings[key] = value
        if key == "theme":
            self.theme = THEMES.get(value, "textual-dark")

    # --- navigation -------------------------------------------------------------------------

    def start_study(
        self, decks: Iterable[str] = (), tags: Iterable[str] = (), limit: int | None = None
    ) -> None:
        """Open a study session on the given decks/tags (empty = everything)."""
        if not self.loaded or self.store is None or self.library is None:
            self.notify(self.t(T("Still loading…", "正在加载…")))
            return
        from quizapp.study import Study
        from quizapp.tui.screens.study import StudyScreen

        decks, tags = tuple(decks), tuple(tags)
        unknown = [d for d in decks if d not in self.library.decks]
        if unknown:
            self.notify(
                self.t(T("Unknown deck: ", "没有这个牌组：")) + ", ".join(unknown), severity="error"
            )
            return
        study = Study(
            self.store,
            self.library,
            decks=decks,
            tags=tags,
            limit=limit,
            clock=self.clock,
            rng=random.Random(self.rng.randrange(2**31)),
        )
        self.push_screen(StudyScreen(study, decks=decks, tags=tags))

    def _open(self, screen: Any) -> None:
        if not self.loaded:
            self.notify(self.t(T("Still loading…", "正在加载…")))
            return
        self.push_screen(screen)

    def action_home(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def action_help(self) -> None:
        from quizapp.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_browse(self) -> None:
        from quizapp.tui.screens.browse import BrowseScreen

        self._open(BrowseScreen())

    def action_add_card(self) -> None:
        from quizapp.tui.screens.add_card import AddCardScreen

        self._open(AddCardScreen())

    def action_stats(self) -> None:
        from quizapp.tui.screens.stats import StatsScreen

        self._open(StatsScreen())

    def start_mock(self, minutes: int = 20, decks: Iterable[str] = ()) -> None:
        """Open the mock interview screen (it offers to resume an interrupted round)."""
        from quizapp.tui.screens.mock import MockScreen

        self._open(MockScreen(minutes=minutes, decks=tuple(decks)))

    def action_mock(self) -> None:
        self.start_mock()

    def action_settings(self) -> None:
        from quizapp.tui.screens.settings import SettingsScreen

        self._open(SettingsScreen())

    # --- external editor --------------------------------------------------------------------

    def open_in_editor(self, path: Path, line: int | None = None) -> bool:
        """Open ``path`` (at ``line``) in ``$VISUAL``/``$EDITOR``, the app suspended meanwhile.
        Without an editor, show the location and return False."""
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        where = f"{path}:{line}" if line else str(path)
        if not editor:
            self.notify(
                self.t(T("No $EDITOR set. The card is at ", "未设置 $EDITOR。卡片位置：")) + where,
                timeout=15,
            )
            return False
        command = [*shlex.split(editor), *([f"+{line}"] if line else []), str(path)]
        try:
            with self.suspend():
                subprocess.run(command, check=False)
        except SuspendNotSupported:  # headless (tests) or a web driver: run it anyway
            subprocess.run(
                command,
                check=False,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except OSError as exc:
            self.notify(f"{editor}: {exc}. {where}", severity="error", timeout=15)
            return False
        self.refresh()
        return True


def run(args: argparse.Namespace) -> int:
    """Open the app for ``quizapp`` (no command) or ``quizapp study`` (with its filters)."""
    study = mock = None
    if getattr(args, "command", None) == "study":
        study = StudyRequest(tuple(args.deck or ()), tuple(args.tag or ()), args.limit)
    if getattr(args, "command", None) == "mock":
        mock = MockRequest(args.minutes, tuple(args.deck or ()))
    app = QuizApp(
        db_url=getattr(args, "db", None),
        banks=getattr(args, "bank", None) or [],
        study=study,
        lang=getattr(args, "lang", None),
        mock=mock,
    )
    return int(app.run() or 0)
