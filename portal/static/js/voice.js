/* Recording a voice message in the browser (MediaRecorder): up to three minutes, with a timer
   and a chance to listen back before sending. Nothing is sent until they press "Send". */
(function () {
  "use strict";

  var form = document.getElementById("recorder");
  if (!form) return;
  if (!window.MediaRecorder || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    form.hidden = true; /* this browser cannot record: the file upload below still works */
    return;
  }
  var LIMIT = 180;
  var recorder = null;
  var chunks = [];
  var recording = null;
  var started = 0;
  var ticker = null;
  var timer = form.querySelector("[data-timer]");
  var status = form.querySelector(".upload-status");

  function show(selector, visible) {
    form.querySelector(selector).hidden = !visible;
  }

  function tick() {
    var seconds = Math.min(LIMIT, Math.floor((Date.now() - started) / 1000));
    timer.textContent = Math.floor(seconds / 60) + ":" + ("0" + (seconds % 60)).slice(-2);
    if (seconds >= LIMIT) stop();
  }

  function bestType() {
    var types = ["audio/webm;codecs=opus", "audio/mp4", "audio/ogg;codecs=opus", "audio/webm"];
    for (var i = 0; i < types.length; i++) {
      if (MediaRecorder.isTypeSupported(types[i])) return types[i];
    }
    return "";
  }

  function start() {
    navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
      var type = bestType();
      recorder = type ? new MediaRecorder(stream, { mimeType: type }) : new MediaRecorder(stream);
      chunks = [];
      recorder.addEventListener("dataavailable", function (event) {
        if (event.data.size) chunks.push(event.data);
      });
      recorder.addEventListener("stop", function () {
        stream.getTracks().forEach(function (track) { track.stop(); });
        recording = new Blob(chunks, { type: recorder.mimeType || "audio/webm" });
        form.querySelector("[data-playback]").src = URL.createObjectURL(recording);
        show("[data-review]", true);
        show("[data-action=record]", true);
        show("[data-action=stop]", false);
      });
      recorder.start(1000);
      started = Date.now();
      ticker = setInterval(tick, 250);
      show("[data-action=record]", false);
      show("[data-action=stop]", true);
      show("[data-review]", false);
      status.textContent = "";
    }).catch(function () {
      status.textContent = form.getAttribute("data-no-microphone");
    });
  }

  function stop() {
    clearInterval(ticker);
    if (recorder && recorder.state !== "inactive") recorder.stop();
  }

  form.addEventListener("click", function (event) {
    var action = event.target.getAttribute && event.target.getAttribute("data-action");
    if (action === "record" || action === "again") start();
    if (action === "stop") stop();
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!recording) return;
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    var data = new FormData(form);
    var extension = recording.type.indexOf("mp4") >= 0 ? "m4a" : recording.type.indexOf("ogg") >= 0 ? "ogg" : "webm";
    data.append("file", recording, "voice-message." + extension);
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        window.location.href = form.getAttribute("data-done");
      })
      .catch(function () {
        status.textContent = form.getAttribute("data-failed");
        button.disabled = false;
      });
  });
})();
