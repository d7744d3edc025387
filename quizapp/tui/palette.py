"""The command palette (ctrl+p): screens, study a deck or a tag, language, theme, settings."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from quizapp.render import bi
from quizapp.tui.i18n import tr, ui_lang


class QuizCommands(Provider):
    """Every screen, one "study" command per deck and tag, and the view settings."""

    def _commands(self) -> list[tuple[str, Callable[[], Any], str]]:
        app: Any = self.app
        lang = app.lang
        t = partial(bi, ui_lang(lang))

        commands: list[tuple[str, Callable[[], Any], str]] = [
            (t("Home", "首页"), app.action_home, t("Decks and today's progress", "牌组与今日进度")),
            (
                t("Study: all decks", "学习：全部牌组"),
                app.start_study,
                t("Due cards first, then new ones", "先复习到期卡片，再学新卡"),
            ),
            (
                t("Browse cards", "浏览卡片"),
                app.action_browse,
                t("Search by text, deck, tag, kind, state", "按文字、牌组、标签、题型、状态搜索"),
            ),
            (
                t("Add card", "添加卡片"),
                app.action_add_card,
                t("Write a card into your own bank", "把卡片写进你自己的题库"),
            ),
            (
                t("Statistics", "统计"),
                app.action_stats,
                t("Reviews, retention, forecast, mastery", "复习量、记忆保持率、预测、掌握度"),
            ),
            (
                t("Settings", "设置"),
                app.action_settings,
                t("Language, retention, daily limits, theme", "语言、目标保持率、每日上限、主题"),
            ),
            (
                t("Mock interview", "模拟面试"),
                app.action_mock,
                t(
                    "A timed round: no hints, answers at the end",
                    "限时答题：没有提示，最后公布答案",
                ),
            ),
            (t("Help: key bindings", "帮助：快捷键"), app.action_help, ""),
            (t("Settings: desired retention", "设置：目标记忆保持率"), app.action_settings, ""),
            (t("Settings: daily limits", "设置：每日上限"), app.action_settings, ""),
        ]
        for code, name in (("en", "English"), ("zh", "中文"), ("both", "English + 中文")):
            commands.append((t("Language: ", "语言：") + name, partial(app.set_lang, code), ""))
        for theme in ("dark", "light"):
            commands.append(
                (t("Theme: ", "主题：") + theme, partial(app.save_setting, "theme", theme), "")
            )
        library = app.library
        if library is not None:
            for deck_id, deck in library.decks.items():
                commands.append(
                    (
                        t("Study deck: ", "学习牌组：") + tr(deck.name, lang),
                        partial(app.start_study, (deck_id,)),
                        deck_id,
                    )
                )
            for tag in library.tags:
                commands.append(
                    (t("Study tag: ", "学习标签：") + tag, partial(app.start_study, (), (tag,)), "")
                )
        return commands

    async def discover(self) -> Hits:
        """The commands listed before anything is typed."""
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(name, callback, help=help_text or None)

    async def search(self, query: str) -> Hits:
        """Fuzzy-match the commands against ``query``."""
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text or None)
