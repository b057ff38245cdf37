// Live badge preview: re-render the preview image shortly after the organizer stops typing.
(function () {
  "use strict";
  var form = document.getElementById("badge-preview-form");
  var img = document.getElementById("badge-preview");
  var link = document.getElementById("badge-preview-link");
  if (!form || !img) { return; }
  var timer = null;

  function refresh() {
    var params = new URLSearchParams(new FormData(form)).toString();
    img.src = form.getAttribute("data-preview-url") + "?" + params;
    if (link) { link.href = form.getAttribute("data-pdf-url") + "?" + params; }
  }

  form.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 400);
  });
  form.addEventListener("change", refresh);
  form.addEventListener("submit", function (event) { event.preventDefault(); refresh(); });
})();
