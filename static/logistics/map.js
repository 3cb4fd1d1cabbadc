/* Warehouse map: provincial warehouses, kabupaten/kota warehouses and KSB stores, each with its own symbol.
   Tiles are optional: without a tile server the markers still draw on the plain background. */
(function () {
  "use strict";
  var el = document.getElementById("warehouse-map");
  if (!el || typeof L === "undefined") { return; }
  var points = JSON.parse(document.getElementById("warehouse-points").textContent);
  var config = JSON.parse(document.getElementById("map-config").textContent);
  var SYMBOLS = { gudang_provinsi: "P", gudang_kabkota: "G", lumbung_ksb: "L" };

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
    badge.className = "shelter-marker sphere-ok";
    badge.textContent = SYMBOLS[p.kind] || "?";
    var icon = L.divIcon({ className: "", html: badge, iconSize: [26, 26], iconAnchor: [13, 13] });
    var marker = L.marker([p.lat, p.lon], { icon: icon, title: p.name + " — " + p.kind_label });
    var popup = document.createElement("div");
    var link = document.createElement("a");
    link.href = p.url;
    link.textContent = p.name;
    popup.appendChild(link);
    popup.appendChild(document.createElement("br"));
    popup.appendChild(document.createTextNode(p.kind_label + " · " + el.dataset.items + ": " + p.items));
    marker.bindPopup(popup);
    marker.addTo(map);
    bounds.push([p.lat, p.lon]);
  });
  if (bounds.length) { map.fitBounds(bounds, { padding: [30, 30], maxZoom: 13 }); }
  el.dataset.markers = String(points.length);
})();
