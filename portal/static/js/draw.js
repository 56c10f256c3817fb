/* Drawing with a finger or a mouse: colours, brush size, undo, clear; saved as a PNG through
   the same upload route and processing as any picture. */
(function () {
  "use strict";

  var form = document.getElementById("draw-form");
  if (!form) return;
  var canvas = form.querySelector("canvas");
  var context = canvas.getContext("2d");
  var strokes = [];
  var current = null;

  function blank() {
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, canvas.width, canvas.height);
  }

  function drawStroke(stroke) {
    context.strokeStyle = stroke.colour;
    context.lineWidth = stroke.size;
    context.lineCap = "round";
    context.lineJoin = "round";
    context.beginPath();
    stroke.points.forEach(function (point, index) {
      if (index === 0) context.moveTo(point[0], point[1]);
      else context.lineTo(point[0], point[1]);
    });
    if (stroke.points.length === 1) context.lineTo(stroke.points[0][0] + 0.1, stroke.points[0][1]);
    context.stroke();
  }

  function redraw() {
    blank();
    strokes.forEach(drawStroke);
  }

  function position(event) {
    var box = canvas.getBoundingClientRect();
    return [
      ((event.clientX - box.left) / box.width) * canvas.width,
      ((event.clientY - box.top) / box.height) * canvas.height,
    ];
  }

  function brush() {
    var scale = canvas.width / canvas.getBoundingClientRect().width;
    return Number(form.querySelector("#brush-size").value) * scale;
  }

  canvas.addEventListener("pointerdown", function (event) {
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    current = {
      colour: form.querySelector("input[name=colour]:checked").value,
      size: brush(),
      points: [position(event)],
    };
    strokes.push(current);
    drawStroke(current);
  });
  canvas.addEventListener("pointermove", function (event) {
    if (!current) return;
    current.points.push(position(event));
    redraw();
  });
  ["pointerup", "pointercancel", "pointerleave"].forEach(function (name) {
    canvas.addEventListener(name, function () { current = null; });
  });

  form.addEventListener("click", function (event) {
    var action = event.target.getAttribute && event.target.getAttribute("data-action");
    if (action === "undo") { strokes.pop(); redraw(); }
    if (action === "clear") { strokes = []; redraw(); }
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var status = form.querySelector(".upload-status");
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    canvas.toBlob(function (blob) {
      var data = new FormData(form);
      data.delete("colour");
      data.delete("brush");
      data.append("file", blob, "drawing.png");
      fetch(form.action, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (response) {
          if (response.ok) {
            window.location.href = form.getAttribute("data-done");
          } else {
            throw new Error(String(response.status));
          }
        })
        .catch(function () {
          status.textContent = form.getAttribute("data-failed");
          button.disabled = false;
        });
    }, "image/png");
  });

  blank();
})();
