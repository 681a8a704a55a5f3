// Evaluates Output/data/model.json in the browser: the churn probability of a feature vector, as the
// mean over the forest's trees of the leaf's share of churners. The same arithmetic in the same order
// as `churnsite predict`, so both print the same number.
function churnProbability(model, row) {
  let sum = 0;
  for (const tree of model.trees) {
    let node = 0;
    while (tree.left[node] >= 0) {
      node = row[tree.feature[node]] <= tree.threshold[node] ? tree.left[node] : tree.right[node];
    }
    sum += tree.value[node];
  }
  return sum / model.trees.length;
}

function riskLevel(model, p) {
  return p >= model.risk.high_from ? "High" : p >= model.risk.medium_from ? "Medium" : "Low";
}

if (typeof module !== "undefined") module.exports = { churnProbability, riskLevel };
