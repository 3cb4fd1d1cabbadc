/* Shelter map: markers coloured by Sphere state (with a symbol, so colour is not the only cue).
   Tiles are optional: without a tile server, or when tiles fail to load, the markers still draw. */
(function () {
  "use strict";
  var el = document.getElementById("shelter-map");
  if (!el || typeof L === "undefined") { return; }
  var points = JSON.parse(document.getElementById("shelter-points").textContent);
  var config = JSON.parse(document.getElementById("map-config").textContent);
  var SYMBOLS = { ok: "✓", warning: "!", breach: "✕", no_data: "–" };

  var map = L.map(el, { attributionControl: true }).setView([-6.25, 106.2], 9);
  if (config.tileUrl) {
    L.tileLayer(config.tileUrl, { maxZoom: 18, attribution: config.attribution || "" }).addTo(map);
  }
  (config.places || []).forEach(function (place) {
    L.circleMarker([place.lat, place.lon], { radius: 3, color: "#555", weight: 1, fillOpacity: 0.6 })
      .bindTooltip(place.name, { permanent: true, direction: "right", className: "place-label" })
      .addTo(map);
  });
  var bounds = [];
  points.forEach(function (p) {
    var badge = document.createElement("div");
    badge.className = "shelter-marker sphere-" + p.sphere_state;
    badge.textContent = SYMBOLS[p.sphere_state];
    var icon = L.divIcon({ className: "", html: badge, iconSize: [26, 26], iconAnchor: [13, 13] });
    var marker = L.marker([p.lat, p.lon], { icon: icon, title: p.name + " — " + p.sphere_label });
    var popup = document.createElement("div");
    var link = document.createElement("a");
    link.href = p.url;
    link.textContent = p.name;
    popup.appendChild(link);
    popup.appendChild(document.createElement("br"));
    popup.appendChild(document.createTextNode(
      p.kabkota + " · " + el.dataset.people + ": " + p.people.toLocaleString("id-ID") + " / " +
      el.dataset.capacity + ": " + p.capacity.toLocaleString("id-ID")));
    popup.appendChild(document.createElement("br"));
    popup.appendChild(document.createTextNode(SYMBOLS[p.sphere_state] + " " + p.sphere_label));
    marker.bindPopup(popup);
    marker.addTo(map);
    bounds.push([p.lat, p.lon]);
  });
  if (bounds.length) { map.fitBounds(bounds, { padding: [30, 30], maxZoom: 13 }); }

  var legend = L.control({ position: "bottomright" });
  legend.onAdd = function () {
    var div = L.DomUtil.create("div", "map-legend");
    ["ok", "warning", "breach", "no_data"].forEach(function (state) {
      var row = document.createElement("div");
      var swatch = document.createElement("span");
      swatch.className = "shelter-marker shelter-marker-small sphere-" + state;
      swatch.textContent = SYMBOLS[state];
      row.appendChild(swatch);
      row.appendChild(document.createTextNode(" " + el.dataset["legend" + state.charAt(0).toUpperCase() + state.slice(1)] ));
      div.appendChild(row);
    });
    return div;
  };
  legend.addTo(map);
  el.dataset.markers = String(points.length);
})();
