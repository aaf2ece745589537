"""Copying text out of the app, belt and braces, with an honest report of what happened.

Two routes are tried: OSC 52 through the terminal (works over ssh, but GNOME Terminal,
xfce4-terminal, macOS Terminal.app and tmux without ``set-clipboard on`` ignore it, and it never
confirms), and the system clipboard through pyperclip (pbcopy, wl-copy, xclip, xsel, clip.exe).
Only the second can be confirmed, so the message never claims more than is known; it stays short
(two lines of a toast), as the toast covers the screen while it shows.
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
        """Two short lines at most in a toast: what was done, and that ``e`` saves a file
        instead. Why the system clipboard failed is in :attr:`system_problem`."""
        if self.system_clipboard:
            return "Copied to the clipboard: paste it into your email or notes."
        if self.terminal_sent:
            return "Sent to the terminal (unconfirmed). If paste fails, e saves a file."
        return "Could not copy: no clipboard. Press e to save it as a file instead."


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
