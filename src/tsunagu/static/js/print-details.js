// Printing a page opens its closed <details>, so that the tables beside the charts print too.
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("details").forEach(function (details) {
    details.open = true;
  });
});
