/* Small enhancements; every page works without them. No inline scripts: the CSP forbids them. */
(function () {
  "use strict";

  /* Pages can show what only works with JavaScript, and hide what is only for without it. */
  document.documentElement.classList.add("js");
  Array.prototype.forEach.call(document.querySelectorAll(".js-only"), function (element) {
    element.hidden = false;
  });

  /* Exit this page: hide everything at once, then leave without adding a history entry.
     Pressing Shift three times in a row does the same (the GOV.UK Design System pattern). */
  function quickExit(event) {
    var bar = document.querySelector(".exit-this-page");
    if (!bar) return;
    if (event) event.preventDefault();
    document.documentElement.classList.add("is-exiting");
    document.title = ".";
    window.location.replace(bar.getAttribute("data-exit-url"));
  }

  var shiftPresses = 0;
  var shiftTimer = null;
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") {
      shiftPresses = 0;
      return;
    }
    shiftPresses += 1;
    clearTimeout(shiftTimer);
    shiftTimer = setTimeout(function () { shiftPresses = 0; }, 1000);
    if (shiftPresses >= 3) quickExit();
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".exit-this-page__button");
    if (link) quickExit(event);
  });

  /* Print buttons on letters. */
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) {
      event.preventDefault();
      window.print();
    }
  });
})();
