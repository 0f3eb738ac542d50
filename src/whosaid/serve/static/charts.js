// Draws the dashboard's charts with the vendored Chart.js from data the page embeds as JSON.
(function () {
  "use strict";
  if (typeof Chart === "undefined") return;
  var css = getComputedStyle(document.documentElement);
  var GENDERS = [
    ["female", "Women"], ["male", "Men"], ["nonbinary", "Nonbinary"], ["unknown", "Unknown"]
  ];
  function colour(name) { return css.getPropertyValue("--" + name).trim() || "#888"; }
  function data(canvas) {
    var source = document.getElementById(canvas.dataset.source);
    return source ? JSON.parse(source.textContent) : null;
  }

  function genderShares(canvas, trend) {
    var rows = trend.rows;
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: rows.map(function (r) { return r.key; }),
        datasets: GENDERS.map(function (g) {
          return {
            label: g[1],
            data: rows.map(function (r) { return Math.round(r.shares[g[0]] * 1000) / 10; }),
            counts: rows.map(function (r) { return r.counts[g[0]]; }),
            backgroundColor: colour(g[0])
          };
        })
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        indexAxis: trend.group === "outlet" ? "y" : "x",
        scales: {
          x: { stacked: true, max: trend.group === "outlet" ? 100 : undefined },
          y: { stacked: true, max: trend.group === "outlet" ? undefined : 100 }
        },
        plugins: {
          tooltip: {
            callbacks: {
              label: function (ctx) {
                var n = ctx.dataset.counts[ctx.dataIndex];
                return ctx.dataset.label + ": " + ctx.raw + "% (" + n + " quote" + (n === 1 ? "" : "s") + ")";
              }
            }
          },
          legend: { position: "bottom" }
        }
      }
    });
  }

  function timeline(canvas, months) {
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: months.map(function (m) { return m.month; }),
        datasets: [{ label: "Quotes", data: months.map(function (m) { return m.quotes; }), backgroundColor: colour("accent") }]
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { display: false } }
      }
    });
  }

  var drawers = { "gender-shares": genderShares, "timeline": timeline };
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var draw = drawers[canvas.dataset.chart];
    var payload = data(canvas);
    if (draw && payload) draw(canvas, payload);
  });
})();
