// GraphiQL on the API's own address (DEBUG only): queries are POSTed as JSON to the endpoint the page names.
(function () {
  "use strict";
  var root = document.getElementById("graphiql");
  var fetcher = window.GraphiQL.createFetcher({ url: root.dataset.endpoint });
  ReactDOM.render(React.createElement(window.GraphiQL, { fetcher: fetcher, defaultEditorToolbarOpen: true }), root);
})();
