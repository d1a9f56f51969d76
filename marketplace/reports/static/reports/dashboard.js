/* Draws the dashboard's charts from the JSON the page carries (#rd-chart-data); the same figures are in the
   page's tables, so without JavaScript nothing is lost. Chart.js is served from our own static files. */
(function () {
  "use strict";
  var source = document.getElementById("rd-chart-data");
  if (!source || typeof window.Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var lang = document.documentElement.lang || "vi";
  var money = new Intl.NumberFormat(lang.indexOf("vi") === 0 ? "vi-VN" : "en-US");
  var colours = {
    card: "#1a5fb4", vietqr: "#26a269", cod: "#c64600", cash: "#865e3c", split: "#813d9c", none: "#77767b",
    refund: "#ba2121"
  };
  var palette = ["#1a5fb4", "#26a269", "#c64600", "#813d9c", "#865e3c", "#e5a50a", "#3584e4", "#77767b"];
  var moneyTicks = { callback: function (value) { return money.format(value); } };
  var tooltip = { callbacks: { label: function (ctx) {
    return (ctx.dataset.label || ctx.label || "") + ": " + money.format(ctx.parsed.y !== undefined ? ctx.parsed.y : ctx.parsed) + " ₫";
  } } };

  var grid = document.getElementById("rd-sales-charts");
  if (grid) {
    data.channels.forEach(function (channel) {
      var figure = document.createElement("figure");
      var caption = document.createElement("figcaption");
      caption.textContent = channel.name;
      var box = document.createElement("div");
      box.className = "rd-canvas";
      var canvas = document.createElement("canvas");
      canvas.setAttribute("role", "img");
      canvas.setAttribute("aria-label", channel.name);
      box.appendChild(canvas);
      figure.appendChild(caption);
      figure.appendChild(box);
      grid.appendChild(figure);
      new window.Chart(canvas, {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: channel.datasets.map(function (set) {
            return { label: set.label, data: set.data, backgroundColor: colours[set.key] || "#77767b" };
          })
        },
        options: {
          maintainAspectRatio: false,
          scales: { x: { stacked: true }, y: { stacked: true, ticks: moneyTicks } },
          plugins: { tooltip: tooltip, legend: { position: "bottom" } }
        }
      });
    });
  }

  function pie(id, part) {
    var canvas = document.getElementById(id);
    if (!canvas || !part.data.length) { return; }
    new window.Chart(canvas, {
      type: "doughnut",
      data: { labels: part.labels, datasets: [{ data: part.data, backgroundColor: palette }] },
      options: { maintainAspectRatio: false, plugins: { tooltip: tooltip, legend: { position: "bottom" } } }
    });
  }
  pie("rd-stars-chart", data.stars);
  pie("rd-groups-chart", data.groups);

  var trend = document.getElementById("rd-trend-chart");
  if (trend && data.labels.length) {
    new window.Chart(trend, {
      type: "line",
      data: { labels: data.labels, datasets: [{ label: "₫", data: data.trend, borderColor: "#1a5fb4",
        backgroundColor: "rgba(26, 95, 180, 0.15)", fill: true, tension: 0.2 }] },
      options: { maintainAspectRatio: false, scales: { y: { ticks: moneyTicks } },
        plugins: { tooltip: tooltip, legend: { display: false } } }
    });
  }
})();
