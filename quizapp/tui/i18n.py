"""The TUI's own words in both languages, and the footer's key labels in the current language.

Card content is rendered with :func:`quizapp.render.text`; the interface's labels are
:class:`~quizapp.bank.model.Text` values shown with :func:`tr`. With the ``both`` language the
interface reads English (the cards show both languages).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from quizapp.bank.model import Text


def T(en: str, zh: str) -> Text:
    """A bilingual interface string."""
    return Text(en=en, zh=zh)


def ui_lang(lang: str) -> str:
    """The language the interface reads in for the display language ``lang`` (``both``:
    English; the cards show both)."""
    return "zh" if lang == "zh" else "en"


def tr(text: Text, lang: str) -> str:
    """An interface string in ``lang`` (``both`` reads English)."""
    return text.get(ui_lang(lang))


#: Footer and help labels by action name (the English one is the binding's description).
ACTIONS: dict[str, Text] = {
    "help": T("Help", "帮助"),
    "quit": T("Quit", "退出"),
    "cycle_language": T("Language", "语言"),
    "home": T("Home", "首页"),
    "leave": T("Back", "返回"),
    "study_selected": T("Study", "学习"),
    "study_all": T("Study all", "全部学习"),
    "study_tag": T("Tag", "按标签"),
    "browse": T("Browse", "浏览"),
    "add_card": T("Add card", "添加卡片"),
    "stats": T("Stats", "统计"),
    "settings": T("Settings", "设置"),
    "reveal": T("Show answer", "显示答案"),
    "undo": T("Undo", "撤销"),
    "skip": T("Skip", "跳过"),
    "mock": T("Mock interview", "模拟面试"),
    "bury": T("Bury", "今日隐藏"),
    "suspend": T("Suspend", "暂停"),
    "flag": T("Flag", "标记"),
    "edit": T("Edit", "编辑"),
    "hint": T("Hint", "提示"),
    "run_tests": T("Run tests", "运行测试"),
    "open_editor": T("$EDITOR", "外部编辑器"),
    "solution": T("Solution", "参考答案"),
    "scroll_up": T("Scroll up", "向上滚动"),
    "scroll_down": T("Scroll down", "向下滚动"),
    "open_card": T("Details", "详情"),
    "focus_search": T("Search", "搜索"),
    "toggle_suspend": T("Suspend/resume", "暂停/恢复"),
    "toggle_flag": T("Flag/unflag", "标记/取消"),
    "save": T("Save", "保存"),
    "preview": T("YAML", "YAML"),
    "toggle_days": T("30/90 days", "30/90 天"),
    "refresh": T("Refresh", "刷新"),
    "command_palette": T("Commands", "命令"),
    "cursor_up": T("Up", "上移"),
    "cursor_down": T("Down", "下移"),
    "move_up": T("Step up", "上移"),
    "move_down": T("Step down", "下移"),
    "toggle": T("Pick / toggle", "选择/切换"),
    "submit": T("Submit", "提交"),
    "rate": T("Rate", "评分"),
    "left": T("Previous rating", "上一个评分"),
    "right": T("Next rating", "下一个评分"),
    "record": T("Record", "记录"),
}


def label(action: str) -> str:
    """The English label of ``action`` (for a binding's description)."""
    return tr(ACTIONS[action], "en")


def localize_bindings(node: Any, lang: str) -> None:
    """Rewrite the descriptions of ``node``'s bindings in ``lang`` (labels from
    :data:`ACTIONS`, keyed by the action name without arguments or namespace).

    The one place that touches Textual's binding map: Textual 8 has no public way to change a
    binding's description (``Binding.make_bindings`` copies bindings into plain ones and
    ``App.bind`` only adds), and the footer reads nothing else."""
    bindings = getattr(node, "_bindings", None)
    if bindings is None:
        return
    for key, items in bindings.key_to_bindings.items():
        new = []
        for binding in items:
            name = binding.action.split("(")[0].rsplit(".", 1)[-1]
            text = ACTIONS.get(name)
            new.append(replace(binding, description=tr(text, lang)) if text else binding)
        bindings.key_to_bindings[key] = new
