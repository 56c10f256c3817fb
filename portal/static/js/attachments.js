/* Upload progress for slow connections. Without this file the form posts normally. */
(function () {
  "use strict";

  function statusOf(form) {
    return form.querySelector(".upload-status");
  }

  document.body.addEventListener("htmx:xhr:progress", function (event) {
    var form = event.target.closest && event.target.closest("form[data-upload]");
    if (!form || !event.detail.lengthComputable) return;
    var bar = form.querySelector(".upload-progress");
    bar.hidden = false;
    bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
  });

  document.body.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.target.closest && event.target.closest("form[data-upload]");
    if (!form) return;
    var status = statusOf(form);
    status.textContent = status.getAttribute("data-sending");
    form.querySelector("button[type=submit]").disabled = true;
  });

  document.body.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target.closest && event.target.closest("form[data-upload]");
    if (!form || !document.body.contains(form)) return; /* replaced by the new list */
    var xhr = event.detail.xhr;
    form.querySelector("button[type=submit]").disabled = false;
    if (!event.detail.successful && !(xhr && xhr.status === 422)) {
      var status = statusOf(form);
      status.textContent = status.getAttribute(xhr && xhr.status === 413 ? "data-too-big" : "data-failed");
    }
  });
})();
