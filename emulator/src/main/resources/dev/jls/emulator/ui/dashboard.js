// The dashboard's own script: the scaling chart (uPlot) and the test chat, whose answer streams in.
(function () {
  "use strict";

  function chart() {
    var box = document.getElementById("chart");
    var feed = document.getElementById("chart-feed");
    if (!box || !feed || typeof uPlot === "undefined") {
      return;
    }
    var plot = null;
    function draw(d) {
      var data = [d.t, d.workers, d.queued, d.in_flight];
      var width = Math.max(280, box.clientWidth - 10);
      if (plot) {
        plot.setSize({ width: width, height: 220 });
        plot.setData(data);
        return;
      }
      plot = new uPlot({
        width: width,
        height: 220,
        scales: { y: { range: function (u, min, max) { return [0, Math.max(2, max + 1)]; } } },
        series: [
          {},
          { label: "Workers", stroke: "#2457c5", width: 2, paths: uPlot.paths.stepped({ align: 1 }) },
          { label: "Queued", stroke: "#9a6200", width: 2, paths: uPlot.paths.stepped({ align: 1 }) },
          { label: "In flight", stroke: "#1f7a3e", width: 2, paths: uPlot.paths.stepped({ align: 1 }) }
        ],
        axes: [{}, { label: "count", incrs: [1, 2, 5, 10, 20, 50, 100] }]
      }, data, box);
    }
    // the stream sends the series as JSON: drawn here, not swapped into the page
    feed.addEventListener("htmx:sseBeforeMessage", function (e) {
      e.preventDefault();
      draw(JSON.parse(e.detail.data));
    });
  }

  function logs() {
    var list = document.getElementById("log-lines");
    if (!list) {
      return;
    }
    list.addEventListener("htmx:sseMessage", function () {
      while (list.children.length > 500) {
        list.removeChild(list.firstElementChild);
      }
      list.scrollTop = list.scrollHeight;
    });
  }

  function chat() {
    var form = document.getElementById("chat");
    if (!form) {
      return;
    }
    var out = document.getElementById("chat-answer");
    var state = document.getElementById("chat-state");
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var button = form.querySelector("button");
      button.disabled = true;
      out.textContent = "";
      state.textContent = "sending…";
      var body = {
        model: form.dataset.model,
        stream: true,
        max_tokens: parseInt(form.elements.max_tokens.value, 10) || 32,
        messages: [{ role: "user", content: form.elements.message.value }]
      };
      fetch(form.dataset.url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": form.dataset.csrf },
        body: JSON.stringify(body),
        credentials: "same-origin"
      }).then(function (response) {
        if (!response.ok) {
          return response.text().then(function (t) { throw new Error("HTTP " + response.status + ": " + t); });
        }
        state.textContent = "streaming…";
        var reader = response.body.getReader();
        var decoder = new TextDecoder();
        var buffer = "";
        function pump() {
          return reader.read().then(function (r) {
            if (r.done) {
              state.textContent = "done";
              return;
            }
            buffer += decoder.decode(r.value, { stream: true });
            var events = buffer.split("\n\n");
            buffer = events.pop();
            events.forEach(function (ev) {
              ev.split("\n").forEach(function (line) {
                if (line.indexOf("data: ") !== 0) {
                  return;
                }
                var data = line.slice(6);
                if (data === "[DONE]") {
                  return;
                }
                try {
                  var chunk = JSON.parse(data);
                  var c = chunk.choices && chunk.choices[0];
                  if (c && c.delta && c.delta.content) {
                    out.textContent += c.delta.content;
                  }
                } catch (ignored) {
                  // a line that is not a chunk
                }
              });
            });
            return pump();
          });
        }
        return pump();
      }).catch(function (err) {
        state.textContent = "failed: " + err.message;
      }).finally(function () {
        button.disabled = false;
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    chart();
    logs();
    chat();
  });
})();
