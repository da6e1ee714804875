// Swagger UI over this server's own OpenAPI schema; loaded as a file so the CSP needs no inline script.
window.addEventListener("load", function () {
  var node = document.getElementById("swagger-ui");
  if (!node || typeof SwaggerUIBundle === "undefined") { return; }
  window.ui = SwaggerUIBundle({ url: node.dataset.spec, dom_id: "#swagger-ui" });
});
