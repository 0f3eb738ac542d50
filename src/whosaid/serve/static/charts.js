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

  // One line per outlet (the eight with most quotes): women's share of quotes from people, month by month.
  var LINE_COLOURS = ["#8e3b8e", "#1f78c1", "#d46b00", "#3d9a2b", "#c2185b", "#6a42c1", "#00897b", "#8d7b1a"];
  function shareLines(canvas, data) {
    new Chart(canvas, {
      type: "line",
      data: {
        labels: data.months,
        datasets: data.outlets.slice(0, LINE_COLOURS.length).map(function (series, i) {
          return {
            label: series.outlet,
            data: series.points.map(function (p) { return p.share === null ? null : Math.round(p.share * 1000) / 10; }),
            points: series.points,
            borderColor: LINE_COLOURS[i],
            backgroundColor: LINE_COLOURS[i],
            spanGaps: false,
            tension: 0,
            clip: false
          };
        })
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        layout: { padding: { top: 8, right: 8 } },
        scales: { y: { min: 0, max: 100, title: { display: true, text: "% of quotes from people by women" } } },
        plugins: {
          tooltip: {
            callbacks: {
              label: function (ctx) {
                var p = ctx.dataset.points[ctx.dataIndex];
                return ctx.dataset.label + ": " + ctx.raw + "% (" + p.women + " of " + p.quotes + ")";
              }
            }
          },
          legend: { position: "bottom" }
        }
      }
    });
  }

  var drawers = { "gender-shares": genderShares, "timeline": timeline, "share-lines": shareLines };
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var draw = drawers[canvas.dataset.chart];
    var payload = data(canvas);
    if (draw && payload) draw(canvas, payload);
  });
})();
