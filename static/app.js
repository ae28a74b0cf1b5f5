// Refreshes the presenter's event list in place, keeping open entries open.
(function () {
  var list = document.getElementById("event-list");
  if (!list) return;
  var url = list.getAttribute("data-refresh");
  function refresh() {
    if (document.hidden) return;
    var open = {};
    list.querySelectorAll("li[data-seq] details[open]").forEach(function (d) {
      open[d.parentNode.getAttribute("data-seq")] = true;
    });
    fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html === null) return;
        list.innerHTML = html;
        list.querySelectorAll("li[data-seq]").forEach(function (li) {
          if (open[li.getAttribute("data-seq")]) li.querySelector("details").open = true;
        });
      })
      .catch(function () {});
  }
  setInterval(refresh, 2000);
  document.addEventListener("visibilitychange", refresh);
})();
