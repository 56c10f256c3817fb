/* Consultation pages: autosave status and retries, character counters, read aloud.
   Without this file every page still works: "Save and continue" posts the form.
   Nothing typed is kept in the browser: no localStorage, no sessionStorage. */
(function () {
  "use strict";

  var form = document.querySelector("form[data-autosave]");

  /* ---- Autosave (htmx posts the form on change; this file manages keys and retries) ---- */
  if (form) {
    var lastBody = null;
    var lastKey = null;
    var retryDelay = 2000;
    var retryTimer = null;
    var unsaved = false;

    function newKey() {
      var bytes = new Uint8Array(18);
      window.crypto.getRandomValues(bytes);
      return Array.prototype.map.call(bytes, function (b) {
        return ("0" + b.toString(16)).slice(-2);
      }).join("");
    }

    function bodyOf(formData) {
      var parts = [];
      formData.forEach(function (value, name) {
        if (name !== "idempotency_key" && name !== "csrf_token") parts.push(name + "=" + value);
      });
      return parts.join("&");
    }

    var failing = false;

    function status() {
      return document.getElementById("save-status");
    }

    /* The live region is told each outcome once: a retry that fails again says nothing new. */
    function say(attribute) {
      var element = status();
      var words = element && element.getAttribute(attribute);
      if (words && element.textContent !== words) element.textContent = words;
    }

    /* "Saving…" is shown beside it, never announced: it would be said before every save. */
    function showProgress(on) {
      var progress = form.querySelector(".save-progress");
      if (progress) progress.textContent = on ? progress.getAttribute("data-saving") : "";
    }

    form.addEventListener("input", function () { unsaved = true; });
    form.addEventListener("change", function () { unsaved = true; });

    /* The same answers resent after a failure carry the same key, so the server applies
       them once; different answers get a new key. */
    document.body.addEventListener("htmx:configRequest", function (event) {
      if (event.detail.elt !== form) return;
      var body = bodyOf(event.detail.formData);
      if (body !== lastBody) {
        lastBody = body;
        lastKey = newKey();
      }
      event.detail.formData.set("idempotency_key", lastKey);
      showProgress(true);
    });

    document.body.addEventListener("htmx:afterRequest", function (event) {
      if (event.detail.elt !== form) return;
      var xhr = event.detail.xhr;
      showProgress(false);
      if (event.detail.successful || (xhr && xhr.status === 422)) {
        clearTimeout(retryTimer);
        retryDelay = 2000;
        failing = false;
        if (event.detail.successful) unsaved = false;
        return;
      }
      if (xhr && xhr.status >= 400 && xhr.status < 500) {
        /* Refused (out of date, session ended): retrying will not help; a normal post will
           show the reason. */
        say("data-unsaved");
        return;
      }
      if (!failing) say("data-retrying");
      failing = true;
      clearTimeout(retryTimer);
      retryTimer = setTimeout(function () { htmx.trigger(form, "retry-save"); }, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 30000);
    });

    window.addEventListener("beforeunload", function (event) {
      if (unsaved && !form.dataset.submitting) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
    form.addEventListener("submit", function () { form.dataset.submitting = "1"; });
  }

  /* ---- A house's photo: choosing one sends it (without JavaScript a button does) ---- */
  Array.prototype.forEach.call(document.querySelectorAll("form[data-send-on-choose]"), function (photo) {
    var input = photo.querySelector("input[type=file]");
    input.addEventListener("change", function () {
      if (input.files.length) {
        if (form) form.dataset.submitting = "1"; /* leaving the page is expected now */
        photo.submit();
      }
    });
  });

  /* ---- Character counters ---- */
  function updateCounter(counter) {
    var field = document.getElementById(counter.getAttribute("data-counter-for"));
    if (!field) return;
    var left = field.maxLength - field.value.length;
    counter.textContent = counter.getAttribute("data-counter-text").replace("{count}", left.toLocaleString(document.documentElement.lang));
    counter.classList.toggle("counter--low", left < 200);
  }
  var counters = document.querySelectorAll("[data-counter-for]");
  Array.prototype.forEach.call(counters, function (counter) {
    var field = document.getElementById(counter.getAttribute("data-counter-for"));
    if (!field) return;
    var timer = null;
    field.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { updateCounter(counter); }, 300);
    });
    updateCounter(counter);
  });

  /* ---- Read aloud, only where the device has a voice for the page's language ---- */
  var synth = window.speechSynthesis;
  var pageLanguage = (document.documentElement.lang || "en").toLowerCase();

  function voiceFor(language) {
    var voices = synth.getVoices();
    var primary = language.split("-")[0];
    for (var i = 0; i < voices.length; i++) {
      var tag = (voices[i].lang || "").toLowerCase().replace("_", "-");
      if (tag === language || tag.split("-")[0] === primary) return voices[i];
    }
    return null;
  }

  function showReadAloud() {
    if (!voiceFor(pageLanguage)) return;
    Array.prototype.forEach.call(document.querySelectorAll("[data-read-aloud]"), function (button) {
      button.hidden = false;
    });
  }

  if (synth && window.SpeechSynthesisUtterance) {
    showReadAloud();
    synth.addEventListener("voiceschanged", showReadAloud);
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("[data-read-aloud]");
      if (!button) return;
      var target = document.getElementById(button.getAttribute("data-read-aloud"));
      if (!target) return;
      synth.cancel();
      var utterance = new SpeechSynthesisUtterance(target.textContent);
      utterance.lang = document.documentElement.lang;
      utterance.voice = voiceFor(pageLanguage);
      synth.speak(utterance);
    });
  }
})();
