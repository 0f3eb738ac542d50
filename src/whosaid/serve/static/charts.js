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

  function count(n) { return n.toLocaleString("en"); }
  function percent(share) { return share === null ? null : Math.round(share * 1000) / 10; }
  function smallNote(canvas) {
    return "Fewer than " + canvas.dataset.smallSample + " quotes: read this share with care";
  }

  // The colour as diagonal hatching over a faded fill: how a bar resting on few quotes is drawn.
  function hatched(base) {
    var size = 8, tile = document.createElement("canvas");
    tile.width = tile.height = size;
    var pen = tile.getContext("2d");
    pen.globalAlpha = 0.35;
    pen.fillStyle = base;
    pen.fillRect(0, 0, size, size);
    pen.globalAlpha = 1;
    pen.strokeStyle = base;
    pen.lineWidth = 2;
    pen.beginPath();
    pen.moveTo(0, size); pen.lineTo(size, 0);
    pen.moveTo(-2, 2); pen.lineTo(2, -2);
    pen.moveTo(size - 2, size + 2); pen.lineTo(size + 2, size - 2);
    pen.stroke();
    return pen.createPattern(tile, "repeat");
  }

  // Legend boxes in each gender's plain colour, whether or not the first bar is hatched.
  function plainLegend(chart) {
    return Chart.defaults.plugins.legend.labels.generateLabels(chart).map(function (item) {
      item.fillStyle = chart.data.datasets[item.datasetIndex].borderColor;
      item.lineWidth = 0;
      return item;
    });
  }

  function genderShares(canvas, trend) {
    var rows = trend.rows;
    var byOutlet = trend.group === "outlet";
    var axis = { stacked: true, max: 100, title: { display: true, text: "% of quotes from people" } };
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: rows.map(function (r) { return r.key + (r.small_sample ? " †" : ""); }),
        datasets: GENDERS.map(function (g) {
          var solid = colour(g[0]), faded = hatched(solid);
          return {
            label: g[1],
            data: rows.map(function (r) { return percent(r.shares[g[0]]); }),
            counts: rows.map(function (r) { return r.counts[g[0]]; }),
            // Bars on few quotes are hatched; the legend (type "dataset") keeps the plain colour.
            backgroundColor: function (ctx) {
              return ctx.type === "data" && rows[ctx.dataIndex].small_sample ? faded : solid;
            },
            borderColor: solid,
            borderWidth: function (ctx) { return ctx.type === "data" && rows[ctx.dataIndex].small_sample ? 1 : 0; }
          };
        })
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        indexAxis: byOutlet ? "y" : "x",
        scales: {
          x: byOutlet ? axis : { stacked: true },
          y: byOutlet ? { stacked: true } : axis
        },
        plugins: {
          tooltip: {
            callbacks: {
              label: function (ctx) {
                var n = ctx.dataset.counts[ctx.dataIndex], total = rows[ctx.dataIndex].quotes;
                return ctx.dataset.label + ": " + ctx.raw + "% (" + count(n) + " of " + count(total) + " quotes)";
              },
              footer: function (items) {
                return items.length && rows[items[0].dataIndex].small_sample ? smallNote(canvas) : "";
              }
            }
          },
          legend: { position: "bottom", labels: { generateLabels: plainLegend } }
        }
      }
    });
  }

  function timeline(canvas, months) {
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: months.map(function (m) { return m.month; }),
        // A bar no wider than a month of a year's chart: a single month is not drawn across the whole width.
        datasets: [{ label: "Quotes", data: months.map(function (m) { return m.quotes; }), backgroundColor: colour("accent"),
                     maxBarThickness: 40 }]
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
  // None near a gender's colour (style.css --female, --male, ...): an outlet drawn in the women's purple
  // reads as "women" on a page where every other chart means that by it. Any two outlets may share the
  // chart, so every pair of colours is far apart (CIELAB), the first ones (the most quoted outlets) most.
  var LINE_COLOURS = ["#1f78c1", "#ffa600", "#e7298a", "#6b8e23", "#000080", "#5d4037", "#e41a1c", "#00bfc4"];
  // Outlets sharing a month with the same share would draw one point over another and hide it:
  // each outlet's points sit a few pixels apart across the month, in legend order, so every point
  // shows and answers the pointer (the tooltip names its outlet and n).
  var DODGE_PX = 12, DODGE_SHARE_OF_MONTH = 0.5;
  var dodge = {
    id: "dodgeOutlets",
    afterDatasetsUpdate: function (chart) {
      var shown = chart.data.datasets.map(function (_, d) { return d; }).filter(function (d) { return chart.isDatasetVisible(d); });
      if (shown.length < 2) return;
      var month = chart.scales.x.width / Math.max(chart.data.labels.length, 1);
      var step = Math.min(DODGE_PX, month * DODGE_SHARE_OF_MONTH / (shown.length - 1));
      shown.forEach(function (d, k) {
        var shift = (k - (shown.length - 1) / 2) * step;
        chart.getDatasetMeta(d).data.forEach(function (point) { point.x += shift; });
      });
    }
  };
  function shareLines(canvas, data) {
    new Chart(canvas, {
      type: "line",
      data: {
        labels: data.months,
        datasets: data.outlets.slice(0, LINE_COLOURS.length).map(function (series, i) {
          var points = series.points, solid = LINE_COLOURS[i];
          function small(index) { return points[index] && points[index].small_sample; }
          return {
            label: series.outlet,
            data: points.map(function (p) { return percent(p.share); }),
            points: points,
            borderColor: solid,
            backgroundColor: solid,
            // A month resting on few quotes: a hollow point, and dashed lines to and from it.
            pointBackgroundColor: function (ctx) { return small(ctx.dataIndex) ? "#fff" : solid; },
            pointBorderWidth: function (ctx) { return small(ctx.dataIndex) ? 2 : 1; },
            pointRadius: 3.5,
            segment: {
              borderDash: function (ctx) { return small(ctx.p0DataIndex) || small(ctx.p1DataIndex) ? [5, 4] : undefined; }
            },
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
        scales: {
          // Half a month of room at either end, as the bar charts have: the first and last months' points
          // and labels are drawn whole, not cut by the plot's edges or hidden under the value axis.
          x: { offset: true },
          y: { min: 0, max: 100, title: { display: true, text: "% of quotes from people by women" } }
        },
        plugins: {
          tooltip: {
            callbacks: {
              label: function (ctx) {
                var p = ctx.dataset.points[ctx.dataIndex];
                return ctx.dataset.label + ": " + ctx.raw + "% (" + count(p.women) + " of " + count(p.quotes) + " quotes)" +
                  (p.small_sample ? " †" : "");
              },
              footer: function (items) {
                return items.some(function (it) { return it.dataset.points[it.dataIndex].small_sample; })
                  ? "† " + smallNote(canvas) : "";
              }
            }
          },
          legend: { position: "bottom" }
        }
      },
      plugins: [dodge]
    });
  }

  var drawers = { "gender-shares": genderShares, "timeline": timeline, "share-lines": shareLines };
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var draw = drawers[canvas.dataset.chart];
    var payload = data(canvas);
    if (draw && payload) draw(canvas, payload);
  });
})();
