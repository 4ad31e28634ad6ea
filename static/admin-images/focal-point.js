// Focal point picker for the image change page: a click on the picture writes the point
// (0..1 across and down) into the focal_x / focal_y inputs, moves the marker and re-aims the
// crop previews. The number inputs stay usable by keyboard; typing in them updates the preview.
"use strict";
(function () {
  function init(picker) {
    var image = picker.querySelector("img");
    var marker = picker.querySelector(".focal-picker__marker");
    var inputX = document.getElementById("id_focal_x");
    var inputY = document.getElementById("id_focal_y");
    if (!image || !inputX || !inputY) return;
    var crops = document.querySelectorAll("[data-focal-crop]");

    function show() {
      var x = Math.min(Math.max(parseFloat(inputX.value) || 0, 0), 1);
      var y = Math.min(Math.max(parseFloat(inputY.value) || 0, 0), 1);
      // The marker is placed with physical left so it matches the picture in rtl pages too.
      marker.style.left = (x * 100) + "%";
      marker.style.top = (y * 100) + "%";
      crops.forEach(function (crop) {
        crop.style.objectPosition = (x * 100) + "% " + (y * 100) + "%";
      });
    }

    image.addEventListener("click", function (event) {
      var box = image.getBoundingClientRect();
      var x = (event.clientX - box.left) / box.width;
      var y = (event.clientY - box.top) / box.height;
      inputX.value = Math.min(Math.max(x, 0), 1).toFixed(3);
      inputY.value = Math.min(Math.max(y, 0), 1).toFixed(3);
      inputX.dispatchEvent(new Event("change", { bubbles: true }));
      show();
    });
    inputX.addEventListener("input", show);
    inputY.addEventListener("input", show);
    show();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-focal-picker]").forEach(init);
  });
})();
