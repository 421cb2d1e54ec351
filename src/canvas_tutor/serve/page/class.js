// The classroom page's own script, loaded before textual.js.
// - Keeps the keyboard on the terminal: on load, after any click and when the window
//   comes back, so typing never goes nowhere.
// - Tells "the class has ended" (the server says so before closing) from "the
//   connection was lost", by watching the socket textual.js opens.
(() => {
  "use strict";
  const Native = window.WebSocket;
  class ClassSocket extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      this.addEventListener("message", (event) => {
        if (typeof event.data === "string" && event.data.startsWith('["class_ended"')) {
          document.body.classList.add("-class-ended");
        }
      });
    }
  }
  window.WebSocket = ClassSocket;

  function focusTerminal() {
    const input = document.querySelector("#terminal .xterm-helper-textarea");
    if (input && document.activeElement !== input) {
      input.focus({ preventScroll: true });
    }
  }

  function restart() {
    const url = new URL(window.location.href);
    url.searchParams.delete("delay");
    window.location.href = url.pathname + url.search;
  }

  window.addEventListener("DOMContentLoaded", () => {
    for (const button of document.querySelectorAll(".restart")) {
      button.addEventListener("click", restart);
    }
    new MutationObserver(() => {
      if (document.body.classList.contains("-closed")) {
        document.querySelector(".closed-dialog button").focus();
      } else {
        focusTerminal();
      }
    }).observe(document.body, { attributes: true, attributeFilter: ["class"] });
    document.addEventListener("mouseup", () => {
      if (!document.body.classList.contains("-closed")) {
        setTimeout(focusTerminal, 0);
      }
    });
    window.addEventListener("focus", focusTerminal);
  });
})();
