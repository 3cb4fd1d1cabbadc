/* Provincial dashboard: map and charts drawn from #dashboard-data, redrawn after each htmx refresh.
   CSP-safe: no inline script or style; markers are DOM elements with classes. The map stays put across
   refreshes (only its layers are replaced), so a user's zoom and position survive the minute refresh. */
(function () {
  "use strict";
  var SYMBOLS = { ok: "✓", warning: "!", breach: "✕", no_data: "–" };
  // Okabe–Ito palette (safe for colour blindness), and a different point shape per line.
  var COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#999933"];
  var SHAPES = ["circle", "rect", "triangle", "rectRot", "star", "crossRot", "cross", "rectRounded"];
  var mapState = null;
  var pending = false;

  function readData() {
    var node = document.getElementById("dashboard-data");
    return node ? JSON.parse(node.textContent) : null;
  }

  function number(value) { return Number(value || 0).toLocaleString("id-ID"); }

  // A figure nobody reported yet is said so, never drawn as 0 (blank is not zero).
  function reported(value, text) {
    return value === null || value === undefined ? text.not_reported : number(value);
  }

  function drawMap(data) {
    var el = document.getElementById("dashboard-map");
    if (!el || typeof L === "undefined") { return; }
    if (!mapState) {
      var map = L.map(el, { attributionControl: true }).setView([-6.25, 106.2], 9);
      if (data.map.tileUrl) {
        L.tileLayer(data.map.tileUrl, { maxZoom: 18, attribution: data.map.attribution || "" }).addTo(map);
      }
      mapState = { map: map, layer: L.layerGroup().addTo(map), fitted: false };
    }
    var layer = mapState.layer;
    layer.clearLayers();
    var bounds = [];
    data.map.areas.forEach(function (area) {
      var radius = 8 + Math.min(30, Math.sqrt(area.displaced || 0) / 2);
      L.circleMarker([area.lat, area.lon], {
        radius: radius, color: "#5b2a86", weight: 2, dashArray: "4 3", fillColor: "#5b2a86", fillOpacity: 0.18,
        className: "affected-area"
      }).bindTooltip(area.name + ": " + reported(area.displaced, data.text),
        { permanent: true, direction: "top", className: "area-label" }).addTo(layer);
      bounds.push([area.lat, area.lon]);
    });
    data.map.shelters.forEach(function (p) {
      var badge = document.createElement("div");
      badge.className = "shelter-marker sphere-" + p.sphere_state;
      badge.textContent = SYMBOLS[p.sphere_state] || "–";
      var icon = L.divIcon({ className: "", html: badge, iconSize: [26, 26], iconAnchor: [13, 13] });
      var marker = L.marker([p.lat, p.lon], { icon: icon, title: p.name + " — " + p.sphere_label });
      var popup = document.createElement("div");
      var link = document.createElement("a");
      link.href = p.url;
      link.textContent = p.name;
      popup.appendChild(link);
      popup.appendChild(document.createElement("br"));
      popup.appendChild(document.createTextNode(p.kabkota + " · " + p.status_label + " · " + data.text.people + ": " +
        number(p.people) + " / " + data.text.capacity + ": " + number(p.capacity)));
      popup.appendChild(document.createElement("br"));
      popup.appendChild(document.createTextNode((SYMBOLS[p.sphere_state] || "–") + " " + p.sphere_label));
      marker.bindPopup(popup);
      marker.addTo(layer);
      bounds.push([p.lat, p.lon]);
    });
    drawAccess(layer, data.map.access || [], bounds);
    el.dataset.access = String((data.map.access || []).length);
    el.dataset.cutOff = String((data.map.access || []).filter(function (a) { return a.road_access === "terputus"; }).length);
    if (bounds.length && !mapState.fitted) {
      mapState.map.fitBounds(bounds, { padding: [50, 50], maxZoom: 12 });
      mapState.fitted = true;
    }
    el.dataset.markers = String(data.map.shelters.length);
    el.dataset.areas = String(data.map.areas.length);
  }

  // Access layer (infrastructure app): one square badge per desa/kecamatan; a cut-off area is larger, red and
  // carries ⛔ with a permanent label, so it reads without colour; "~" marks a place drawn near its kab/kota seat.
  var ACCESS_SYMBOLS = { terputus: "⛔", terbatas: "≈", normal: "↔" };
  function drawAccess(layer, areas, bounds) {
    areas.forEach(function (a) {
      var cut = a.road_access === "terputus";
      var badge = document.createElement("div");
      badge.className = "access-marker access-" + a.road_access + (a.approximate ? " access-approximate" : "");
      badge.textContent = ACCESS_SYMBOLS[a.road_access] || "?";
      var size = cut ? 28 : 20;
      var icon = L.divIcon({ className: "", html: badge, iconSize: [size, size], iconAnchor: [size / 2, size / 2] });
      var marker = L.marker([a.lat, a.lon], { icon: icon, title: a.name + " — " + a.road_label, zIndexOffset: cut ? 1000 : 0 });
      var popup = document.createElement("div");
      var link = document.createElement("a");
      link.href = a.url;
      link.textContent = a.name + (a.approximate ? " ~" : "");
      popup.appendChild(link);
      popup.appendChild(document.createElement("br"));
      popup.appendChild(document.createTextNode(a.kabkota + " · " + a.road_label + (a.detail ? " · " + a.detail : "")));
      marker.bindPopup(popup);
      if (cut) {
        marker.bindTooltip(a.name, { permanent: true, direction: "right", className: "access-label" });
      }
      marker.addTo(layer);
      bounds.push([a.lat, a.lon]);
    });
  }

  function chart(name, config) {
    var canvas = document.querySelector("canvas[data-chart='" + name + "']");
    if (!canvas || typeof Chart === "undefined") { return; }
    var existing = Chart.getChart(canvas);
    if (existing) { existing.destroy(); }
    config.options = Object.assign({
      responsive: true, maintainAspectRatio: false, animation: false, locale: "id-ID",
      plugins: { legend: { position: "bottom", labels: { usePointStyle: true, boxWidth: 10 } } }
    }, config.options || {});
    var drawn = new Chart(canvas, config);
    canvas.dataset.drawn = String(drawn.data.datasets.length);
  }

  function drawCharts(data) {
    var c = data.chart;
    chart("displaced", {
      type: "line",
      data: {
        labels: c.days,
        datasets: (c.displaced || []).map(function (series, i) {
          return { label: series.label, data: series.data, borderColor: COLOURS[i % COLOURS.length],
            backgroundColor: COLOURS[i % COLOURS.length], pointStyle: SHAPES[i % SHAPES.length], pointRadius: 3,
            borderDash: i % 2 ? [6, 3] : [], tension: 0.2, fill: false };
        })
      },
      options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
    chart("reports", {
      type: "bar",
      data: { labels: c.days, datasets: [{ label: data.text.reports, data: c.reports || [], backgroundColor: "#0072B2" }] },
      options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
    var coverage = c.coverage || { labels: [], need: [], reached: [] };
    chart("coverage", {
      type: "bar",
      data: {
        labels: coverage.labels,
        datasets: [
          { label: data.text.need, data: coverage.need, backgroundColor: "#E69F00", borderColor: "#8a5a00", borderWidth: 1 },
          { label: data.text.reached, data: coverage.reached, backgroundColor: "#0072B2", borderColor: "#003d5c", borderWidth: 1 }
        ]
      },
      options: { indexAxis: "y", scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: "bottom" } } }
    });
  }

  function render() {
    pending = false;
    var data = readData();
    if (!data) { return; }
    drawMap(data);
    drawCharts(data);
    document.body.dataset.dashboardRenders = String(Number(document.body.dataset.dashboardRenders || 0) + 1);
  }

  render();
  // One refresh swaps several panels out of band: redraw once, after they have all settled.
  document.body.addEventListener("htmx:afterSettle", function () {
    if (!pending) { pending = true; window.setTimeout(render, 0); }
  });
})();
