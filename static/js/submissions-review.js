// Review list: the "select all" box ticks every product checkbox of the bulk form.
(function () {
  var all = document.getElementById("select-all");
  if (!all) return;
  var boxes = function () { return document.querySelectorAll("input[name='ids']"); };
  all.addEventListener("change", function () {
    boxes().forEach(function (b) { b.checked = all.checked; });
  });
})();
