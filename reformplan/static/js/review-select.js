// Review page: "select all" for the bulk accept form (a progressive enhancement: without
// JavaScript the reports are ticked one by one). No inline script: the CSP forbids it.
document.querySelectorAll("[data-select-all]").forEach(function (button) {
  var form = button.getAttribute("data-select-all");
  var boxes = document.querySelectorAll('input[type="checkbox"][name="report"][form="' + form + '"]');
  if (!boxes.length) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    var all = Array.prototype.every.call(boxes, function (box) { return box.checked; });
    boxes.forEach(function (box) { box.checked = !all; });
    button.textContent = all ? "Chọn tất cả báo cáo trên trang" : "Bỏ chọn tất cả";
  });
});
