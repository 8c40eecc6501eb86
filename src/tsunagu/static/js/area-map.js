// The area map (地域づくり): places with coordinates as markers on the configured tiles.
// Reads its settings from the page (data attributes and a JSON block); no inline script.
(function () {
  "use strict";
  var element = document.getElementById("area-map");
  var data = document.getElementById("area-map-places");
  if (!element || !data || typeof L === "undefined") {
    return;
  }
  var places = JSON.parse(data.textContent);
  if (!places.length) {
    return;
  }
  L.Icon.Default.imagePath = element.dataset.images;
  var map = L.map(element, { scrollWheelZoom: false });
  L.tileLayer(element.dataset.tiles, {
    maxZoom: 18,
    attribution: element.dataset.attribution,
  }).addTo(map);
  var bounds = [];
  places.forEach(function (place) {
    var label = document.createElement("span");
    label.textContent = place.name + "（" + place.kind + "）";
    var marker = L.marker([place.lat, place.lng], { title: place.name, alt: place.name });
    marker.bindTooltip(label).addTo(map);
    bounds.push([place.lat, place.lng]);
  });
  map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
  element.hidden = false;
})();
