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

  // textual.js fetches a download from the page's origin at /download/; behind a proxy
  // that serves the class under a path (https://school.example/4b/) it must go there.
  const nativeOpen = window.open.bind(window);
  window.open = (url, target, features) => {
    const base = (document.body && document.body.dataset.basePath) || "";
    const root = window.location.origin + "/download/";
    if (base && typeof url === "string" && url.startsWith(root)) {
      url = window.location.origin + base + url.slice(window.location.origin.length);
    }
    return nativeOpen(url, target, features);
  };

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
