/* A BMKG warning's polygons ([[lat, lon], ...] rings) on a map; tiles are optional, the polygons always draw. */
(function () {
  "use strict";
  var el = document.getElementById("warning-map");
  if (!el || typeof L === "undefined") { return; }
  var rings = JSON.parse(document.getElementById("warning-polygons").textContent);
  var config = JSON.parse(document.getElementById("map-config").textContent);
  var map = L.map(el, { attributionControl: true }).setView([-6.25, 106.2], 9);
  if (config.tileUrl) {
    L.tileLayer(config.tileUrl, { maxZoom: 18, attribution: config.attribution || "" }).addTo(map);
  }
  var layers = rings.map(function (ring) {
    return L.polygon(ring, { color: "#b45309", weight: 2, fillOpacity: 0.25 }).addTo(map);
  });
  if (layers.length) { map.fitBounds(L.featureGroup(layers).getBounds(), { padding: [20, 20] }); }
  el.dataset.polygons = String(layers.length);
})();
