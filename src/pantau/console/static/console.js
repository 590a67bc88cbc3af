// pantau console: keyboard shortcuts and bulk selection. The pages work without it (plain forms);
// this file only adds speed. Served by pantau itself; no inline script anywhere (strict CSP).
(function () {
  "use strict";

  function items() { return Array.prototype.slice.call(document.querySelectorAll(".queue .item")); }
  var current = -1;

  function focus(i) {
    var list = items();
    if (!list.length) { return; }
    current = Math.max(0, Math.min(list.length - 1, i));
    list.forEach(function (el, k) { el.classList.toggle("current", k === current); });
    list[current].focus({ preventScroll: true });
    list[current].scrollIntoView({ block: "nearest" });
  }

  function box(el) { return el ? el.querySelector("input[type=checkbox][name=pk]") : null; }

  function sync(el) {
    var b = box(el);
    if (b) { el.classList.toggle("selected", b.checked); }
  }

  function submit(action) {
    var form = document.getElementById("bulk");
    var button = document.getElementById(action);
    if (!form || !button) { return; }
    var checked = form.querySelectorAll("input[name=pk]:checked");
    if (!checked.length && current >= 0) {
      var b = box(items()[current]);
      if (b) { b.checked = true; }
    }
    if (form.querySelectorAll("input[name=pk]:checked").length) { button.click(); }
  }

  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    if (t && (t.tagName === "INPUT" && t.type !== "checkbox" || t.tagName === "SELECT" || t.tagName === "TEXTAREA")) { return; }
    if (!document.querySelector(".queue .item")) { return; }
    if (e.key === "j") { focus(current + 1); e.preventDefault(); }
    else if (e.key === "k") { focus(current - 1); e.preventDefault(); }
    else if (e.key === "x" && current >= 0) {
      var el = items()[current], b = box(el);
      if (b) { b.checked = !b.checked; sync(el); }
      e.preventDefault();
    }
    else if (e.key === "a") { submit("approve"); e.preventDefault(); }
    else if (e.key === "b") { submit("benign"); e.preventDefault(); }
  });

  document.addEventListener("change", function (e) {
    var t = e.target;
    if (t && t.id === "select-all") {
      var form = t.closest("form");
      form.querySelectorAll("input[type=checkbox][name=pk], input[type=checkbox][name=id]").forEach(function (b) {
        b.checked = t.checked;
        var el = b.closest(".item");
        if (el) { sync(el); }
      });
    } else if (t && t.name === "pk") {
      sync(t.closest(".item"));
    }
  });

  document.addEventListener("click", function (e) {
    var el = e.target && e.target.closest ? e.target.closest(".queue .item") : null;
    if (el) { current = items().indexOf(el); items().forEach(function (x, k) { x.classList.toggle("current", k === current); }); }
  });
})();
