"""Copying text out of the app, belt and braces, with an honest report of what happened.

Two routes are tried: OSC 52 through the terminal (works over ssh, but GNOME Terminal,
xfce4-terminal, macOS Terminal.app and tmux without ``set-clipboard on`` ignore it, and it never
confirms), and the system clipboard through pyperclip (pbcopy, wl-copy, xclip, xsel, clip.exe).
Only the second can be confirmed, so the message never claims more than is known.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CopyReport:
    system_clipboard: bool
    terminal_sent: bool
    system_problem: str = ""

    @property
    def message(self) -> str:
        if self.system_clipboard:
            return "Copied to the system clipboard. Paste it into your email or notes."
        sent = (
            "Sent to your terminal's clipboard (OSC 52). Many terminals accept this, some "
            "(GNOME Terminal, macOS Terminal, tmux without set-clipboard) ignore it, and none "
            "confirms. "
            if self.terminal_sent
            else ""
        )
        return (
            f"{sent}No system clipboard tool answered ({self.system_problem or 'none found'}). "
            "If pasting gives nothing, press e to save it as a file instead."
        )


def system_copy(text: str) -> CopyReport:
    """Copy ``text`` to the system clipboard and read it back to be sure. Blocking: call it
    from a worker thread. The terminal route (OSC 52) is the app's, on its own thread."""
    try:
        import pyperclip

        pyperclip.copy(text)
        confirmed = pyperclip.paste() == text
    except Exception as error:  # pyperclip raises its own errors and OSError alike
        problem = str(error).split("\n")[0][:100] or type(error).__name__
        if "could not find" in problem:
            problem = "no pbcopy, wl-copy, xclip or xsel found"
        return CopyReport(False, True, problem)
    if not confirmed:
        return CopyReport(False, True, "the clipboard tool did not keep the text")
    return CopyReport(True, True)
