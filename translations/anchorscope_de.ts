<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>DetectionPanel</name>
    <message>
        <source>image not readable</source>
        <translation>Bild nicht lesbar</translation>
    </message>
</context>
<context>
    <name>ReportWriter</name>
    <message>
        <source>measurable loss</source>
        <translation>messbarer Verlust</translation>
    </message>
    <message>
        <source>measurable gain</source>
        <translation>messbarer Gewinn</translation>
    </message>
    <message>
        <source>no measurable loss</source>
        <translation>kein messbarer Verlust</translation>
    </message>
    <message>
        <source>cost relative to the full model (%1)</source>
        <translation>Kosten relativ zum vollständigen Modell (%1)</translation>
    </message>
    <message>
        <source>AP@[.5:.95]</source>
        <translation>AP@[.5:.95]</translation>
    </message>
    <message>
        <source>recommended</source>
        <translation>empfohlen</translation>
    </message>
    <message>
        <source>selected</source>
        <translation>ausgewählt</translation>
    </message>
    <message>
        <source>above the full model: noise (interval contains 0)</source>
        <translation>über dem vollständigen Modell: Rauschen (Intervall enthält 0)</translation>
    </message>
    <message>
        <source>not validated</source>
        <translation>nicht validiert</translation>
    </message>
    <message>
        <source>Pareto front: search AP (line) and validation AP with 95 % paired intervals</source>
        <translation>Pareto-Front: AP der Suchbilder (Linie) und Validierungs-AP mit gepaarten 95-%-Intervallen</translation>
    </message>
    <message>
        <source>Pareto front on the search images (not validated)</source>
        <translation>Pareto-Front auf den Suchbildern (nicht validiert)</translation>
    </message>
    <message>
        <source>node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>entfernt</translation>
    </message>
    <message>
        <source>search AP</source>
        <translation>AP Suchbilder</translation>
    </message>
    <message>
        <source>validation AP</source>
        <translation>Validierungs-AP</translation>
    </message>
    <message>
        <source>ΔAP [95 % interval]</source>
        <translation>ΔAP [95-%-Intervall]</translation>
    </message>
    <message>
        <source>reading</source>
        <translation>Bedeutung</translation>
    </message>
    <message>
        <source>%1 configurations evaluated by &lt;code&gt;%2&lt;/code&gt;; %3. Front points whose interval contains 0 show no measurable loss; points drawn above the full model are noise unless their interval excludes 0.</source>
        <translation>%1 Konfigurationen ausgewertet von &lt;code&gt;%2&lt;/code&gt;; %3. Frontpunkte, deren Intervall 0 enthält, zeigen keinen messbaren Verlust; Punkte über dem vollständigen Modell sind Rauschen, sofern ihr Intervall 0 nicht ausschließt.</translation>
    </message>
    <message>
        <source>locally Pareto-optimal (%1)</source>
        <translation>lokal Pareto-optimal (%1)</translation>
    </message>
    <message>
        <source>not refined to a local optimum</source>
        <translation>nicht bis zu einem lokalen Optimum verfeinert</translation>
    </message>
    <message>
        <source>No search was given: no front.</source>
        <translation>Keine Suche angegeben: keine Front.</translation>
    </message>
    <message>
        <source>#%1 (level %2) %3×%4</source>
        <translation>#%1 (Ebene %2) %3×%4</translation>
    </message>
    <message>
        <source>level %1</source>
        <translation>Ebene %1</translation>
    </message>
    <message>
        <source>Made %1 by Anchorscope %2 from the model &lt;code&gt;%3&lt;/code&gt; (%4, %5 anchors) on %6 search images.</source>
        <translation>Erstellt am %1 von Anchorscope %2 aus dem Modell &lt;code&gt;%3&lt;/code&gt; (%4, %5 Anchors) auf %6 Suchbildern.</translation>
    </message>
    <message>
        <source>Recommended configuration</source>
        <translation>Empfohlene Konfiguration</translation>
    </message>
    <message>
        <source>Selected configuration</source>
        <translation>Ausgewählte Konfiguration</translation>
    </message>
    <message>
        <source>The full model</source>
        <translation>Das vollständige Modell</translation>
    </message>
    <message>
        <source>%1 of %2 anchors kept, %3 of the head MACs, %4 boxes.</source>
        <translation>%1 von %2 Anchors behalten, %3 der Head-MACs, %4 Boxen.</translation>
    </message>
    <message>
        <source>Search images: AP %1 (full model %2).</source>
        <translation>Suchbilder: AP %1 (vollständiges Modell %2).</translation>
    </message>
    <message>
        <source>Validation images: AP %1 (full model %2), ΔAP %3 [%4, %5] on %6 validation images — %7.</source>
        <translation>Validierungsbilder: AP %1 (vollständiges Modell %2), ΔAP %3 [%4, %5] auf %6 Validierungsbildern — %7.</translation>
    </message>
    <message>
        <source>The interval lies at or above −%1: the promise holds on images the search never saw.</source>
        <translation>Das Intervall liegt bei oder über −%1: das Versprechen hält auf Bildern, die die Suche nie gesehen hat.</translation>
    </message>
    <message>
        <source>The interval reaches below −%1: this configuration may lose more than allowed.</source>
        <translation>Das Intervall reicht unter −%1: diese Konfiguration kann mehr verlieren als erlaubt.</translation>
    </message>
    <message>
        <source>Not validated: these numbers are on the search images, where the best-looking configurations are the luckiest. Give validation images (--validation-cache or --validation-split).</source>
        <translation>Nicht validiert: diese Zahlen gelten für die Suchbilder, auf denen die am besten aussehenden Konfigurationen die glücklichsten sind. Geben Sie Validierungsbilder an (--validation-cache oder --validation-split).</translation>
    </message>
    <message>
        <source>UNVALIDATED</source>
        <translation>NICHT VALIDIERT</translation>
    </message>
    <message>
        <source>Pareto front</source>
        <translation>Pareto-Front</translation>
    </message>
    <message>
        <source>Anchors of the configuration</source>
        <translation>Anchors der Konfiguration</translation>
    </message>
    <message>
        <source>per level, every anchor&apos;s prior box: checked = kept</source>
        <translation>pro Ebene die Prior-Box jedes Anchors: angehakt = behalten</translation>
    </message>
    <message>
        <source>Predicted boxes per anchor</source>
        <translation>Vorhergesagte Boxen pro Anchor</translation>
    </message>
    <message>
        <source>confident candidates&apos; (w, h) per anchor, priors as large markers, ground truth in grey</source>
        <translation>(w, h) der sicheren Kandidaten pro Anchor, Priors als große Markierungen, Ground Truth in Grau</translation>
    </message>
    <message>
        <source>Redundancy and leave-one-out ΔAP</source>
        <translation>Redundanz und Leave-one-out-ΔAP</translation>
    </message>
    <message>
        <source>R[i][j]: share of anchor i&apos;s confident candidates covered by one of anchor j</source>
        <translation>R[i][j]: Anteil der sicheren Kandidaten von Anchor i, die von einem Kandidaten von Anchor j abgedeckt werden</translation>
    </message>
    <message>
        <source>ΔAP on the search images without each anchor</source>
        <translation>ΔAP auf den Suchbildern ohne den jeweiligen Anchor</translation>
    </message>
    <message>
        <source>category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>all (AP@[.5:.95])</source>
        <translation>alle (AP@[.5:.95])</translation>
    </message>
    <message>
        <source>Per-class AP</source>
        <translation>AP pro Klasse</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>anchors</source>
        <translation>Anchors</translation>
    </message>
    <message>
        <source>head MACs</source>
        <translation>Head-MACs</translation>
    </message>
    <message>
        <source>boxes</source>
        <translation>Boxen</translation>
    </message>
    <message>
        <source>head parameters</source>
        <translation>Head-Parameter</translation>
    </message>
    <message>
        <source>parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>candidates / image</source>
        <translation>Kandidaten / Bild</translation>
    </message>
    <message>
        <source>post-processing ms (this machine)</source>
        <translation>Nachverarbeitung ms (dieser Rechner)</translation>
    </message>
    <message>
        <source>Before and after retraining</source>
        <translation>Vor und nach dem Nachtraining</translation>
    </message>
    <message>
        <source>holdout AP</source>
        <translation>Holdout-AP</translation>
    </message>
    <message>
        <source>search AP50</source>
        <translation>AP50 Suchbilder</translation>
    </message>
    <message>
        <source>holdout AP50</source>
        <translation>Holdout-AP50</translation>
    </message>
    <message>
        <source>The holdout split is the demo&apos;s validation images. Retrained for %1 epochs in %2 s.</source>
        <translation>Der Holdout-Teil ist die Validierungsmenge der Demo. %1 Epochen nachtrainiert in %2 s.</translation>
    </message>
    <message>
        <source>file</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>path</source>
        <translation>Pfad</translation>
    </message>
    <message>
        <source>bytes</source>
        <translation>Bytes</translation>
    </message>
    <message>
        <source>Provenance</source>
        <translation>Herkunft</translation>
    </message>
</context>
<context>
    <name>SearchStrategy</name>
    <message>
        <source>Pareto local search from a seed front (ranked&apos;s): flips and swaps until no front point has a better neighbour</source>
        <translation>Pareto-Lokalsuche ab einer Startfront (der von ranked): Umschalten und Tauschen, bis kein Frontpunkt einen besseren Nachbarn hat</translation>
    </message>
    <message>
        <source>the published search (reference mode): one more anchor per step, AP rounded to 3 decimals, local fronts</source>
        <translation>die veröffentlichte Suche (Referenzmodus): ein Anchor mehr pro Schritt, AP auf 3 Dezimalen gerundet, lokale Fronten</translation>
    </message>
    <message>
        <source>rank the units by AP lost per cost saved, remove them in that order while AP stays at or above min AP</source>
        <translation>ordnet die Einheiten nach AP-Verlust pro eingesparten Kosten und entfernt sie in dieser Reihenfolge, solange die AP mindestens die minimale AP erreicht</translation>
    </message>
    <message>
        <source>follow the child with the most cost saved per AP lost, every child evaluated</source>
        <translation>folgt dem Kind mit den meisten eingesparten Kosten pro verlorener AP; jedes Kind wird ausgewertet</translation>
    </message>
    <message>
        <source>the paper search one level at a time (heads with per-level convs)</source>
        <translation>die Suche des Artikels, eine Ebene nach der anderen (Heads mit Faltungen je Ebene)</translation>
    </message>
    <message>
        <source>the paper search over shared units: an anchor index on every level, or a whole level</source>
        <translation>die Suche des Artikels über gemeinsame Einheiten: ein Anchor-Index auf jeder Ebene oder eine ganze Ebene</translation>
    </message>
    <message>
        <source>every subset of the units: the true front, for small spaces only</source>
        <translation>jede Teilmenge der Einheiten: die wahre Front, nur für kleine Räume</translation>
    </message>
</context>
<context>
    <name>anchorscope::AnalysisPage</name>
    <message>
        <source>Analyze</source>
        <translation>Analysieren</translation>
    </message>
    <message>
        <source>IoU at which a candidate of anchor j covers one of anchor i</source>
        <translation>IoU, ab der ein Kandidat von Anker j einen von Anker i abdeckt</translation>
    </message>
    <message>
        <source>a covering candidate needs at least this share of the covered one&apos;s score</source>
        <translation>ein abdeckender Kandidat braucht mindestens diesen Anteil am Score des abgedeckten</translation>
    </message>
    <message>
        <source>confidence threshold for the candidates analysed</source>
        <translation>Konfidenzschwelle für die analysierten Kandidaten</translation>
    </message>
    <message>
        <source>τ (IoU):</source>
        <translation>τ (IoU):</translation>
    </message>
    <message>
        <source>α (score share):</source>
        <translation>α (Score-Anteil):</translation>
    </message>
    <message>
        <source>score ≥</source>
        <translation>Score ≥</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;No analysis yet.&lt;/b&gt;&lt;/p&gt;&lt;p&gt;The analysis shows which anchors predict what other anchors already predict (the redundancy heatmap, with the AP each anchor&apos;s removal costs) and the boxes each anchor predicts against its prior and the ground truth.&lt;/p&gt;&lt;p&gt;Open a session, then press &lt;i&gt;Analyze&lt;/i&gt;, or the inspect button of an anchor in the pruning view.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Noch keine Analyse.&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Die Analyse zeigt, welche Anker vorhersagen, was andere Anker schon vorhersagen (die Redundanz-Heatmap, mit dem AP, den das Entfernen jedes Ankers kostet), und die Boxen, die jeder Anker vorhersagt, neben seinem Prior und der Ground Truth.&lt;/p&gt;&lt;p&gt;Öffnen Sie eine Sitzung und drücken Sie dann &lt;i&gt;Analysieren&lt;/i&gt; oder die Untersuchen-Schaltfläche eines Ankers in der Ansicht Beschneiden.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Analyze the session to see which anchors duplicate which.</source>
        <translation>Analysieren Sie die Sitzung, um zu sehen, welche Anker einander doppeln.</translation>
    </message>
    <message>
        <source>anchor %1 covered by anchor %2: %3 of its confident candidates</source>
        <translation>Anker %1 abgedeckt durch Anker %2: %3 seiner sicheren Kandidaten</translation>
    </message>
    <message>
        <source>baseline AP %1 · best-possible recall of the anchors %2 · click a cell to compare two anchors</source>
        <translation>AP des vollen Modells %1 · bestmöglicher Recall der Anker %2 · Zelle anklicken, um zwei Anker zu vergleichen</translation>
    </message>
</context>
<context>
    <name>anchorscope::AnchorGridView</name>
    <message>
        <source>Level %1 — %2×%3 cells, %4 anchors</source>
        <translation>Ebene %1 — %2×%3 Zellen, %4 Anker</translation>
    </message>
    <message>
        <source>#%1  %2×%3</source>
        <translation>#%1  %2×%3</translation>
    </message>
    <message>
        <source>anchor %1: level %2, index %3, %4 × %5 px, scale %6, ratio h/w %7</source>
        <translation>Anker %1: Ebene %2, Index %3, %4 × %5 px, Skala %6, Verhältnis H/B %7</translation>
    </message>
    <message>
        <source> — no cached candidates: removing it changes no detection</source>
        <translation> — keine Kandidaten im Cache: Entfernen ändert keine Detektion</translation>
    </message>
    <message>
        <source>Show the boxes anchor %1 predicts (Analysis view)</source>
        <translation>Die von Anker %1 vorhergesagten Boxen zeigen (Ansicht Analyse)</translation>
    </message>
</context>
<context>
    <name>anchorscope::BoxDistributionPlot</name>
    <message>
        <source>true positives only</source>
        <translation>nur richtig Positive</translation>
    </message>
    <message>
        <source>Level:</source>
        <translation>Ebene:</translation>
    </message>
    <message>
        <source>Minimum score:</source>
        <translation>Mindestscore:</translation>
    </message>
    <message>
        <source>box width (input pixels)</source>
        <translation>Boxbreite (Eingabepixel)</translation>
    </message>
    <message>
        <source>box height (input pixels)</source>
        <translation>Boxhöhe (Eingabepixel)</translation>
    </message>
    <message>
        <source>%1: %2 × %3 px</source>
        <translation>%1: %2 × %3 px</translation>
    </message>
    <message>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <source>level %1</source>
        <translation>Ebene %1</translation>
    </message>
    <message>
        <source>ground truth</source>
        <translation>Ground Truth</translation>
    </message>
    <message>
        <source>prior %1</source>
        <translation>Prior %1</translation>
    </message>
    <message numerus="yes">
        <source>%n point(s)</source>
        <translation>
            <numerusform>%n Punkt</numerusform>
            <numerusform>%n Punkte</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>anchorscope::ClusterDialog</name>
    <message>
        <source>Run on a cluster</source>
        <translation>Auf einem Cluster ausführen</translation>
    </message>
    <message>
        <source>Retrains the selected configuration of the saved project with torchrun on every node. The model is written by rank 0 to the path of the retrain panel; paths must be the same on the cluster (a shared file system).</source>
        <translation>Trainiert die gewählte Konfiguration des gespeicherten Projekts mit torchrun auf jedem Knoten neu. Rang 0 schreibt das Modell an den Pfad aus dem Nachtrainings-Bereich; die Pfade müssen auf dem Cluster dieselben sein (gemeinsames Dateisystem).</translation>
    </message>
    <message>
        <source>Program on the nodes:</source>
        <translation>Programm auf den Knoten:</translation>
    </message>
    <message>
        <source>Nodes:</source>
        <translation>Knoten:</translation>
    </message>
    <message>
        <source>Processes (GPUs) per node:</source>
        <translation>Prozesse (GPUs) pro Knoten:</translation>
    </message>
    <message>
        <source>Batch per process:</source>
        <translation>Batch pro Prozess:</translation>
    </message>
    <message>
        <source>cuda (one GPU per process)</source>
        <translation>cuda (eine GPU pro Prozess)</translation>
    </message>
    <message>
        <source>cpu</source>
        <translation>cpu</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>Gerät:</translation>
    </message>
    <message>
        <source>torchrun command (run it on every node; MASTER_ADDR: the first node):</source>
        <translation>torchrun-Befehl (auf jedem Knoten ausführen; MASTER_ADDR: der erste Knoten):</translation>
    </message>
    <message>
        <source>Slurm batch script (sbatch):</source>
        <translation>Slurm-Batchskript (sbatch):</translation>
    </message>
    <message>
        <source>Copy command</source>
        <translation>Befehl kopieren</translation>
    </message>
    <message>
        <source>Copy script</source>
        <translation>Skript kopieren</translation>
    </message>
    <message>
        <source>Save script…</source>
        <translation>Skript speichern…</translation>
    </message>
    <message>
        <source>Save the Slurm script</source>
        <translation>Slurm-Skript speichern</translation>
    </message>
    <message>
        <source>Shell scripts (*.sh *.sbatch)</source>
        <translation>Shell-Skripte (*.sh *.sbatch)</translation>
    </message>
    <message>
        <source>Cannot save the script</source>
        <translation>Das Skript kann nicht gespeichert werden</translation>
    </message>
</context>
<context>
    <name>anchorscope::DetectionView</name>
    <message>
        <source>◀ Previous</source>
        <translation>◀ Zurück</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>Weiter ▶</translation>
    </message>
    <message>
        <source>Minimum score:</source>
        <translation>Mindestscore:</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#2ca02c&apos;&gt;■&lt;/span&gt; ground truth found · &lt;span style=&apos;color:#ff7f0e&apos;&gt;■&lt;/span&gt; missed · &lt;span style=&apos;color:#1f77b4&apos;&gt;■&lt;/span&gt; true positive · &lt;span style=&apos;color:#d62728&apos;&gt;■&lt;/span&gt; false positive · &lt;span style=&apos;color:#969696&apos;&gt;■&lt;/span&gt; crowd / difficult (ignored)</source>
        <translation>&lt;span style=&apos;color:#2ca02c&apos;&gt;■&lt;/span&gt; Ground Truth gefunden · &lt;span style=&apos;color:#ff7f0e&apos;&gt;■&lt;/span&gt; verpasst · &lt;span style=&apos;color:#1f77b4&apos;&gt;■&lt;/span&gt; richtig positiv · &lt;span style=&apos;color:#d62728&apos;&gt;■&lt;/span&gt; falsch positiv · &lt;span style=&apos;color:#969696&apos;&gt;■&lt;/span&gt; Gruppe / schwierig (ignoriert)</translation>
    </message>
    <message>
        <source>No session.</source>
        <translation>Keine Sitzung.</translation>
    </message>
    <message>
        <source>Image %1 of %2 · %3</source>
        <translation>Bild %1 von %2 · %3</translation>
    </message>
    <message>
        <source>TP %1 · FP %2 · FN %3</source>
        <translation>TP %1 · FP %2 · FN %3</translation>
    </message>
</context>
<context>
    <name>anchorscope::EvaluationPage</name>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>IoU %1</source>
        <translation>IoU %1</translation>
    </message>
</context>
<context>
    <name>anchorscope::ExportDialog</name>
    <message>
        <source>also write a JSON report (anchors, cost, provenance, post-processing)</source>
        <translation>auch einen JSON-Bericht schreiben (Anker, Kosten, Herkunft, Nachverarbeitung)</translation>
    </message>
    <message>
        <source>Prune and export</source>
        <translation>Beschneiden und exportieren</translation>
    </message>
    <message>
        <source>Anchorscope package (TorchScript + metadata, .aspt)</source>
        <translation>Anchorscope-Paket (TorchScript + Metadaten, .aspt)</translation>
    </message>
    <message>
        <source>End-to-end TorchScript (decode and NMS inside; runs without Anchorscope)</source>
        <translation>End-to-End-TorchScript (Dekodierung und NMS enthalten; läuft ohne Anchorscope)</translation>
    </message>
    <message>
        <source>State dict (plain dict of tensors)</source>
        <translation>State-Dict (einfaches Dict aus Tensoren)</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>Format:</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>Datei:</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>Exportieren nach</translation>
    </message>
    <message>
        <source>ONNX for OpenCV DNN and other runtimes (raw outputs; anchors and post-processing in a JSON beside it)</source>
        <translation>ONNX für OpenCV DNN und andere Laufzeitumgebungen (Rohausgaben; Anker und Nachverarbeitung in einer JSON daneben)</translation>
    </message>
    <message>
        <source>torchvision (a folder: model.py builds the detector, model.pth its weights; imported models)</source>
        <translation>torchvision (ein Ordner: model.py baut den Detektor, model.pth seine Gewichte; importierte Modelle)</translation>
    </message>
</context>
<context>
    <name>anchorscope::LabelMapDialog</name>
    <message>
        <source>Label map</source>
        <translation>Klassenzuordnung</translation>
    </message>
    <message>
        <source>Which dataset category each class of the model predicts. Classes set to “not evaluated” are ignored; changing the map recomputes the prediction cache.</source>
        <translation>Welche Datensatzkategorie jede Klasse des Modells vorhersagt. Klassen mit „nicht ausgewertet“ werden ignoriert; eine geänderte Zuordnung berechnet den Vorhersage-Cache neu.</translation>
    </message>
    <message>
        <source>Model class</source>
        <translation>Modellklasse</translation>
    </message>
    <message>
        <source>Dataset category</source>
        <translation>Datensatzkategorie</translation>
    </message>
    <message>
        <source>Matched by</source>
        <translation>Zugeordnet über</translation>
    </message>
    <message>
        <source>%1 (column %2, id %3)</source>
        <translation>%1 (Spalte %2, ID %3)</translation>
    </message>
    <message>
        <source>not evaluated</source>
        <translation>nicht ausgewertet</translation>
    </message>
    <message>
        <source>%1 (id %2)</source>
        <translation>%1 (ID %2)</translation>
    </message>
    <message>
        <source>user</source>
        <translation>Benutzer</translation>
    </message>
</context>
<context>
    <name>anchorscope::MainWindow</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Anchorscope</source>
        <translation>Anchorscope</translation>
    </message>
    <message>
        <source>Open a model and a dataset, a project, a prediction cache or the demo (File menu).</source>
        <translation>Öffnen Sie ein Modell mit Datensatz, ein Projekt, einen Vorhersage-Cache oder die Demo (Menü Datei).</translation>
    </message>
    <message>
        <source>%1 — about %2 s left</source>
        <translation>%1 — noch etwa %2 s</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;New session (model + dataset)…</source>
        <translation>&amp;Neue Sitzung (Modell + Datensatz)…</translation>
    </message>
    <message>
        <source>&amp;Open project…</source>
        <translation>Projekt ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>Projekt öffnen</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Save project</source>
        <translation>Projekt &amp;speichern</translation>
    </message>
    <message>
        <source>Save project</source>
        <translation>Projekt speichern</translation>
    </message>
    <message>
        <source>Save project &amp;as…</source>
        <translation>Projekt speichern &amp;unter…</translation>
    </message>
    <message>
        <source>Open prediction &amp;cache…</source>
        <translation>Vorhersage-&amp;Cache öffnen…</translation>
    </message>
    <message>
        <source>Open &amp;demo</source>
        <translation>&amp;Demo öffnen</translation>
    </message>
    <message>
        <source>&amp;Evaluate detections…</source>
        <translation>Detektionen &amp;auswerten…</translation>
    </message>
    <message>
        <source>Export frontier as &amp;PNG/PDF…</source>
        <translation>Front als &amp;PNG/PDF exportieren…</translation>
    </message>
    <message>
        <source>Export frontier</source>
        <translation>Front exportieren</translation>
    </message>
    <message>
        <source>Images (*.png *.pdf)</source>
        <translation>Bilder (*.png *.pdf)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Could not write %1</source>
        <translation>%1 konnte nicht geschrieben werden</translation>
    </message>
    <message>
        <source>Export frontier table as CS&amp;V…</source>
        <translation>Fronttabelle als CS&amp;V exportieren…</translation>
    </message>
    <message>
        <source>Export table</source>
        <translation>Tabelle exportieren</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Session</source>
        <translation>&amp;Sitzung</translation>
    </message>
    <message>
        <source>&amp;Label map…</source>
        <translation>&amp;Klassenzuordnung…</translation>
    </message>
    <message>
        <source>&amp;Calibrate latency</source>
        <translation>Latenz &amp;kalibrieren</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>Auswertung</translation>
    </message>
    <message>
        <source>Ground truth (COCO JSON)</source>
        <translation>Ground Truth (COCO JSON)</translation>
    </message>
    <message>
        <source>COCO JSON (*.json)</source>
        <translation>COCO JSON (*.json)</translation>
    </message>
    <message>
        <source>Detections (COCO results)</source>
        <translation>Detektionen (COCO-Ergebnisse)</translation>
    </message>
    <message>
        <source>COCO results (*.json)</source>
        <translation>COCO-Ergebnisse (*.json)</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>Analyse</translation>
    </message>
    <message>
        <source>Detections</source>
        <translation>Detektionen</translation>
    </message>
    <message>
        <source>Pruning</source>
        <translation>Beschneiden</translation>
    </message>
    <message>
        <source>the model</source>
        <translation>das Modell</translation>
    </message>
    <message>
        <source>the dataset</source>
        <translation>der Datensatz</translation>
    </message>
    <message>
        <source>the images folder</source>
        <translation>der Bilderordner</translation>
    </message>
    <message>
        <source>Prediction cache</source>
        <translation>Vorhersage-Cache</translation>
    </message>
    <message>
        <source>Prediction caches (*.cache)</source>
        <translation>Vorhersage-Caches (*.cache)</translation>
    </message>
    <message>
        <source>File moved</source>
        <translation>Datei verschoben</translation>
    </message>
    <message>
        <source>%1 of this project is no longer at
%2
Where is it now?</source>
        <translation>%1 dieses Projekts liegt nicht mehr unter
%2
Wo liegt es jetzt?</translation>
    </message>
    <message>
        <source>Locate…</source>
        <translation>Suchen…</translation>
    </message>
    <message>
        <source>%1 — Anchorscope</source>
        <translation>%1 — Anchorscope</translation>
    </message>
    <message>
        <source>No label map</source>
        <translation>Keine Klassenzuordnung</translation>
    </message>
    <message>
        <source>A label map belongs to a session of a model and a dataset.</source>
        <translation>Eine Klassenzuordnung gehört zu einer Sitzung aus Modell und Datensatz.</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>Se&amp;ttings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <source>The language changes when Anchorscope is started again.</source>
        <translation>Die Sprache ändert sich beim nächsten Start von Anchorscope.</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>Metriken</translation>
    </message>
    <message>
        <source>&amp;Prune and export the selection…</source>
        <translation>Auswahl &amp;beschneiden und exportieren…</translation>
    </message>
    <message>
        <source>Nothing to export</source>
        <translation>Nichts zu exportieren</translation>
    </message>
    <message>
        <source>Exporting needs a session of a model and a dataset.</source>
        <translation>Zum Exportieren braucht es eine Sitzung aus Modell und Datensatz.</translation>
    </message>
    <message>
        <source>The selected configuration removes %1 of %2 anchors: head MACs %3 % of the full model, %4 boxes, AP %5 (full model %6) on the session&apos;s images.</source>
        <translation>Die gewählte Konfiguration entfernt %1 von %2 Ankern: MACs des Kopfes %3 % des vollen Modells, %4 Boxen, AP %5 (volles Modell %6) auf den Bildern der Sitzung.</translation>
    </message>
    <message>
        <source>Retrain</source>
        <translation>Neu trainieren</translation>
    </message>
    <message>
        <source>%1 — %2 s</source>
        <translation>%1 — %2 s</translation>
    </message>
    <message>
        <source>Anchorscope projects (%1)</source>
        <translation>Anchorscope-Projekte (%1)</translation>
    </message>
    <message>
        <source>Project changed on disk</source>
        <translation>Projekt auf der Festplatte geändert</translation>
    </message>
    <message>
        <source>%1 was changed by another program (a headless run, another window).
Reload it? Unsaved changes in this window are lost.</source>
        <translation>%1 wurde von einem anderen Programm geändert (ein Lauf ohne Fenster, ein anderes Fenster).
Neu laden? Nicht gespeicherte Änderungen in diesem Fenster gehen verloren.</translation>
    </message>
    <message>
        <source>the prediction cache</source>
        <translation>der Vorhersage-Cache</translation>
    </message>
    <message>
        <source>A pickled model</source>
        <translation>Ein gepickeltes Modell</translation>
    </message>
    <message>
        <source>%1 holds a whole pickled model, not only weights. Loading it runs code stored in the file, with your rights.
Load it only if you trust where it came from. Load it?</source>
        <translation>%1 enthält ein ganzes gepickeltes Modell, nicht nur Gewichte. Das Laden führt in der Datei gespeicherten Code mit Ihren Rechten aus.
Laden Sie es nur, wenn Sie der Herkunft vertrauen. Laden?</translation>
    </message>
    <message>
        <source>RetinaNet input size</source>
        <translation>Eingabegröße von RetinaNet</translation>
    </message>
    <message>
        <source>RetinaNet resizes each image so that its shorter side is the minimum size, unless its longer side would then exceed the maximum. The model&apos;s own sizes are filled in; use the sizes it was trained and is deployed with.</source>
        <translation>RetinaNet skaliert jedes Bild so, dass die kürzere Seite die Mindestgröße hat, es sei denn, die längere Seite überschritte dann das Maximum. Die eigenen Größen des Modells sind eingetragen; verwenden Sie die Größen, mit denen es trainiert wurde und eingesetzt wird.</translation>
    </message>
    <message>
        <source>Minimum size (shorter side):</source>
        <translation>Mindestgröße (kürzere Seite):</translation>
    </message>
    <message>
        <source>Maximum size (longer side):</source>
        <translation>Höchstgröße (längere Seite):</translation>
    </message>
    <message>
        <source>the validation dataset</source>
        <translation>der Validierungsdatensatz</translation>
    </message>
    <message>
        <source>Export &amp;report…</source>
        <translation>&amp;Bericht exportieren…</translation>
    </message>
    <message>
        <source>Nothing to report</source>
        <translation>Nichts zu berichten</translation>
    </message>
    <message>
        <source>A report needs a session.</source>
        <translation>Ein Bericht braucht eine Sitzung.</translation>
    </message>
    <message>
        <source>Folder for the report (index.html and its pictures)</source>
        <translation>Ordner für den Bericht (index.html und seine Bilder)</translation>
    </message>
</context>
<context>
    <name>anchorscope::MetricsPage</name>
    <message>
        <source>PR curve at IoU:</source>
        <translation>PR-Kurve bei IoU:</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>AP full model</source>
        <translation>AP volles Modell</translation>
    </message>
    <message>
        <source>AP selected</source>
        <translation>AP gewählt</translation>
    </message>
    <message>
        <source>Δ</source>
        <translation>Δ</translation>
    </message>
    <message>
        <source>full model</source>
        <translation>volles Modell</translation>
    </message>
    <message>
        <source>selected configuration</source>
        <translation>gewählte Konfiguration</translation>
    </message>
</context>
<context>
    <name>anchorscope::ModelValidator</name>
    <message>
        <source>anchorscope-cli was not found, so the model cannot be checked safely before it is opened. Install it beside the application or set ANCHORSCOPE_CLI.</source>
        <translation>anchorscope-cli wurde nicht gefunden, daher kann das Modell vor dem Öffnen nicht sicher geprüft werden. Installieren Sie es neben der Anwendung oder setzen Sie ANCHORSCOPE_CLI.</translation>
    </message>
    <message>
        <source>checking the model took longer than %1 s and was stopped</source>
        <translation>die Prüfung des Modells dauerte länger als %1 s und wurde abgebrochen</translation>
    </message>
    <message>
        <source>the model crashed the process that checked it, so it was not opened (it would have taken Anchorscope down). It may be damaged or made for another version of LibTorch.</source>
        <translation>das Modell hat den prüfenden Prozess abstürzen lassen und wurde daher nicht geöffnet (es hätte Anchorscope zum Absturz gebracht). Es ist vielleicht beschädigt oder für eine andere LibTorch-Version erstellt.</translation>
    </message>
    <message>
        <source>the model is not valid (exit code %1)</source>
        <translation>das Modell ist ungültig (Exit-Code %1)</translation>
    </message>
    <message>
        <source>cannot start %1 to check the model: %2</source>
        <translation>%1 kann zur Prüfung des Modells nicht gestartet werden: %2</translation>
    </message>
</context>
<context>
    <name>anchorscope::NewSessionDialog</name>
    <message>
        <source>New session</source>
        <translation>Neue Sitzung</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Dataset:</source>
        <translation>Datensatz:</translation>
    </message>
    <message>
        <source>COCO file…</source>
        <translation>COCO-Datei…</translation>
    </message>
    <message>
        <source>COCO annotations</source>
        <translation>COCO-Annotationen</translation>
    </message>
    <message>
        <source>COCO JSON (*.json)</source>
        <translation>COCO JSON (*.json)</translation>
    </message>
    <message>
        <source>VOC / YOLO folder…</source>
        <translation>VOC-/YOLO-Ordner…</translation>
    </message>
    <message>
        <source>Dataset folder</source>
        <translation>Datensatzordner</translation>
    </message>
    <message>
        <source>Images (optional):</source>
        <translation>Bilder (optional):</translation>
    </message>
    <message>
        <source>Images folder</source>
        <translation>Bilderordner</translation>
    </message>
    <message>
        <source>default: the format&apos;s images folder</source>
        <translation>Standard: der Bilderordner des Formats</translation>
    </message>
    <message>
        <source>Models (*.aspt *.pt *.pth);;Anchorscope models (*.aspt);;torchvision checkpoints (*.pt *.pth)</source>
        <translation>Modelle (*.aspt *.pt *.pth);;Anchorscope-Modelle (*.aspt);;torchvision-Checkpoints (*.pt *.pth)</translation>
    </message>
    <message>
        <source>Hold out part of the dataset (recommended)</source>
        <translation>Einen Teil des Datensatzes zurückhalten (empfohlen)</translation>
    </message>
    <message>
        <source>A second dataset</source>
        <translation>Ein zweiter Datensatz</translation>
    </message>
    <message>
        <source>None (the front stays unvalidated)</source>
        <translation>Keine (die Front bleibt unvalidiert)</translation>
    </message>
    <message>
        <source>The share of the images held out for validation, chosen by image with a fixed seed</source>
        <translation>Der Anteil der Bilder, der für die Validierung zurückgehalten wird, bildweise mit festem Seed gewählt</translation>
    </message>
    <message>
        <source>Validation:</source>
        <translation>Validierung:</translation>
    </message>
    <message>
        <source>Validation dataset:</source>
        <translation>Validierungsdatensatz:</translation>
    </message>
    <message>
        <source>Validation annotations</source>
        <translation>Validierungsannotationen</translation>
    </message>
    <message>
        <source>the same categories, other images</source>
        <translation>dieselben Kategorien, andere Bilder</translation>
    </message>
</context>
<context>
    <name>anchorscope::ParetoPlot</name>
    <message>
        <source>evaluated</source>
        <translation>ausgewertet</translation>
    </message>
    <message>
        <source>Pareto front</source>
        <translation>Pareto-Front</translation>
    </message>
    <message>
        <source>full model</source>
        <translation>volles Modell</translation>
    </message>
    <message>
        <source>selected</source>
        <translation>gewählt</translation>
    </message>
    <message>
        <source>head MACs (fraction of the full model)</source>
        <translation>MACs des Kopfes (Anteil am vollen Modell)</translation>
    </message>
    <message>
        <source>AP@[.50:.95]</source>
        <translation>AP@[.50:.95]</translation>
    </message>
    <message>
        <source>search → validation</source>
        <translation>Suche → Validierung</translation>
    </message>
    <message>
        <source>on the validation images</source>
        <translation>auf den Validierungsbildern</translation>
    </message>
    <message>
        <source>recommended</source>
        <translation>empfohlen</translation>
    </message>
</context>
<context>
    <name>anchorscope::PrCurvePlot</name>
    <message>
        <source>Recall</source>
        <translation>Recall</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>Präzision</translation>
    </message>
</context>
<context>
    <name>anchorscope::PruningPage</name>
    <message>
        <source>Search</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Strategy:</source>
        <translation>Strategie:</translation>
    </message>
    <message>
        <source>Cost:</source>
        <translation>Kosten:</translation>
    </message>
    <message>
        <source>head MACs</source>
        <translation>MACs des Kopfes</translation>
    </message>
    <message>
        <source>boxes</source>
        <translation>Boxen</translation>
    </message>
    <message>
        <source>latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <source>Accuracy:</source>
        <translation>Genauigkeit:</translation>
    </message>
    <message>
        <source>No configuration yet.</source>
        <translation>Noch keine Konfiguration.</translation>
    </message>
    <message>
        <source>%1 relative to the full model</source>
        <translation>%1 relativ zum vollen Modell</translation>
    </message>
    <message>
        <source>AP %1 (Δ %2) · AP50 %3 · head MACs %4% · boxes %5 · %6 anchors removed</source>
        <translation>AP %1 (Δ %2) · AP50 %3 · MACs des Kopfes %4% · Boxen %5 · %6 Anker entfernt</translation>
    </message>
    <message>
        <source>Error bars</source>
        <translation>Fehlerbalken</translation>
    </message>
    <message>
        <source>The 95 % paired bootstrap interval of each validated point&apos;s ΔAP, drawn around its validation marker</source>
        <translation>Das gepaarte 95-%-Bootstrap-Intervall der ΔAP jedes validierten Punkts, um seine Validierungsmarke gezeichnet</translation>
    </message>
    <message>
        <source>Unvalidated: this session has no validation images, so AP differences of a few thousandths may be noise and no point is recommended.</source>
        <translation>Unvalidiert: Diese Sitzung hat keine Validierungsbilder, daher können AP-Unterschiede von wenigen Tausendsteln Rauschen sein, und kein Punkt wird empfohlen.</translation>
    </message>
    <message>
        <source>Validating on %1 images…</source>
        <translation>Validierung auf %1 Bildern…</translation>
    </message>
    <message>
        <source>Full model: AP %1 on %2 validation images.</source>
        <translation>Vollständiges Modell: AP %1 auf %2 Validierungsbildern.</translation>
    </message>
    <message>
        <source>no measurable loss; its gain on the search images is noise</source>
        <translation>kein messbarer Verlust; der Gewinn auf den Suchbildern ist Rauschen</translation>
    </message>
    <message>
        <source>no measurable loss</source>
        <translation>kein messbarer Verlust</translation>
    </message>
    <message>
        <source>a measurable loss</source>
        <translation>ein messbarer Verlust</translation>
    </message>
    <message>
        <source>a measurable gain over the full model</source>
        <translation>ein messbarer Gewinn gegenüber dem vollständigen Modell</translation>
    </message>
    <message>
        <source>; it may lose more than the allowed %1</source>
        <translation>; er kann mehr als die erlaubten %1 verlieren</translation>
    </message>
    <message>
        <source> · recommended</source>
        <translation> · empfohlen</translation>
    </message>
    <message>
        <source>Validation: AP %1 · ΔAP %2 [%3, %4] on %5 validation images — %6</source>
        <translation>Validierung: AP %1 · ΔAP %2 [%3, %4] auf %5 Validierungsbildern — %6</translation>
    </message>
</context>
<context>
    <name>anchorscope::RedundancyHeatmap</name>
    <message>
        <source>share of i covered by j</source>
        <translation>Anteil von i, den j abdeckt</translation>
    </message>
    <message>
        <source>anchor j (covering)</source>
        <translation>Anker j (abdeckend)</translation>
    </message>
    <message>
        <source>anchor i (covered)</source>
        <translation>Anker i (abgedeckt)</translation>
    </message>
    <message>
        <source>anchor</source>
        <translation>Anker</translation>
    </message>
    <message>
        <source>ΔAP without it</source>
        <translation>ΔAP ohne ihn</translation>
    </message>
</context>
<context>
    <name>anchorscope::RetrainPage</name>
    <message>
        <source>fine-tune: keep BatchNorm statistics frozen</source>
        <translation>Feinabstimmung: BatchNorm-Statistiken eingefroren lassen</translation>
    </message>
    <message>
        <source>measure AP on the session&apos;s images after every epoch</source>
        <translation>AP nach jeder Epoche auf den Bildern der Sitzung messen</translation>
    </message>
    <message>
        <source>Prune and retrain the selection</source>
        <translation>Auswahl beschneiden und neu trainieren</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>COCO JSON (*.json)</source>
        <translation>COCO JSON (*.json)</translation>
    </message>
    <message>
        <source>Training data:</source>
        <translation>Trainingsdaten:</translation>
    </message>
    <message>
        <source>Training data</source>
        <translation>Trainingsdaten</translation>
    </message>
    <message>
        <source>Holdout data (optional):</source>
        <translation>Testdaten (optional):</translation>
    </message>
    <message>
        <source>Holdout data</source>
        <translation>Testdaten</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>Epochen:</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>Lernrate:</translation>
    </message>
    <message>
        <source>Save as:</source>
        <translation>Speichern unter:</translation>
    </message>
    <message>
        <source>AP before</source>
        <translation>AP vorher</translation>
    </message>
    <message>
        <source>AP after</source>
        <translation>AP nachher</translation>
    </message>
    <message>
        <source>AP50 before</source>
        <translation>AP50 vorher</translation>
    </message>
    <message>
        <source>AP50 after</source>
        <translation>AP50 nachher</translation>
    </message>
    <message>
        <source>session images</source>
        <translation>Bilder der Sitzung</translation>
    </message>
    <message>
        <source>holdout</source>
        <translation>Testmenge</translation>
    </message>
    <message>
        <source>Run on a cluster…</source>
        <translation>Auf einem Cluster ausführen…</translation>
    </message>
    <message>
        <source>Runs on:</source>
        <translation>Läuft auf:</translation>
    </message>
    <message>
        <source>CUDA (GPU)</source>
        <translation>CUDA (GPU)</translation>
    </message>
    <message>
        <source>CPU (this build has no CUDA)</source>
        <translation>CPU (dieser Build hat kein CUDA)</translation>
    </message>
    <message>
        <source>Run on a cluster</source>
        <translation>Auf einem Cluster ausführen</translation>
    </message>
    <message>
        <source>Save the project first: the cluster run reads the project (model, images and the selected configuration) from its file.</source>
        <translation>Speichern Sie zuerst das Projekt: der Clusterlauf liest das Projekt (Modell, Bilder und die gewählte Konfiguration) aus seiner Datei.</translation>
    </message>
</context>
<context>
    <name>anchorscope::SessionController</name>
    <message>
        <source>Checking the model…</source>
        <translation>Das Modell wird geprüft…</translation>
    </message>
    <message>
        <source>Matching the model&apos;s classes to the dataset</source>
        <translation>Die Klassen des Modells werden dem Datensatz zugeordnet</translation>
    </message>
    <message>
        <source>Cannot open the model and dataset</source>
        <translation>Modell und Datensatz können nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Cannot open the model</source>
        <translation>Das Modell kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Preparing the demo</source>
        <translation>Die Demo wird vorbereitet</translation>
    </message>
    <message>
        <source>Cannot prepare the demo</source>
        <translation>Die Demo kann nicht vorbereitet werden</translation>
    </message>
    <message>
        <source>Opening was cancelled.</source>
        <translation>Das Öffnen wurde abgebrochen.</translation>
    </message>
    <message>
        <source>Opening the session</source>
        <translation>Die Sitzung wird geöffnet</translation>
    </message>
    <message>
        <source>Cannot open the session</source>
        <translation>Die Sitzung kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>%1 images, %2 candidates above %3, %4 anchors%5</source>
        <translation>%1 Bilder, %2 Kandidaten über %3, %4 Anker%5</translation>
    </message>
    <message>
        <source> (prediction cache computed)</source>
        <translation> (Vorhersage-Cache berechnet)</translation>
    </message>
    <message>
        <source>Search results not restored</source>
        <translation>Suchergebnisse nicht wiederhergestellt</translation>
    </message>
    <message>
        <source>Opening %1</source>
        <translation>%1 wird geöffnet</translation>
    </message>
    <message>
        <source>A file of the project changed since it was saved: the prediction cache and the search results are recomputed.</source>
        <translation>Eine Datei des Projekts hat sich seit dem Speichern geändert: Der Vorhersage-Cache und die Suchergebnisse werden neu berechnet.</translation>
    </message>
    <message>
        <source>Cannot open the project</source>
        <translation>Das Projekt kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Checking %1</source>
        <translation>%1 wird geprüft</translation>
    </message>
    <message>
        <source>That is not the file the project was saved with: the prediction cache and the search results are recomputed.</source>
        <translation>Das ist nicht die Datei, mit der das Projekt gespeichert wurde: Der Vorhersage-Cache und die Suchergebnisse werden neu berechnet.</translation>
    </message>
    <message>
        <source>Cannot use that file</source>
        <translation>Diese Datei kann nicht verwendet werden</translation>
    </message>
    <message>
        <source>Nothing to save</source>
        <translation>Nichts zu speichern</translation>
    </message>
    <message>
        <source>Open a model and a dataset, a cache or the demo first.</source>
        <translation>Öffnen Sie zuerst ein Modell mit Datensatz, einen Cache oder die Demo.</translation>
    </message>
    <message>
        <source>Cannot save the project</source>
        <translation>Das Projekt kann nicht gespeichert werden</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>Evaluating configuration</source>
        <translation>Konfiguration wird ausgewertet</translation>
    </message>
    <message>
        <source>Invalid configuration</source>
        <translation>Ungültige Konfiguration</translation>
    </message>
    <message>
        <source>Searching (%1)</source>
        <translation>Suche (%1)</translation>
    </message>
    <message>
        <source>%1 configurations evaluated, %2 on the front, hypervolume %3</source>
        <translation>%1 Konfigurationen ausgewertet, %2 auf der Front, Hypervolumen %3</translation>
    </message>
    <message>
        <source>Search failed</source>
        <translation>Suche fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>Calibrating the post-processing latency of this machine</source>
        <translation>Die Latenz der Nachverarbeitung auf diesem Rechner wird kalibriert</translation>
    </message>
    <message>
        <source>Latency model: %1 ms + %2 µs per box + %3 µs per candidate</source>
        <translation>Latenzmodell: %1 ms + %2 µs pro Box + %3 µs pro Kandidat</translation>
    </message>
    <message>
        <source>Latency calibration failed</source>
        <translation>Latenzkalibrierung fehlgeschlagen</translation>
    </message>
    <message>
        <source>#%1 (level %2) %3×%4</source>
        <translation>#%1 (Ebene %2) %3×%4</translation>
    </message>
    <message>
        <source>Analysing anchors</source>
        <translation>Anker werden analysiert</translation>
    </message>
    <message>
        <source>Analysis failed</source>
        <translation>Analyse fehlgeschlagen</translation>
    </message>
    <message>
        <source>Evaluating the metrics</source>
        <translation>Die Metriken werden ausgewertet</translation>
    </message>
    <message>
        <source>Metrics updated: the full model against the selected configuration.</source>
        <translation>Metriken aktualisiert: das vollständige Modell gegenüber der gewählten Konfiguration.</translation>
    </message>
    <message>
        <source>Metrics failed</source>
        <translation>Metriken fehlgeschlagen</translation>
    </message>
    <message>
        <source>Selected configuration: the full model</source>
        <translation>Gewählte Konfiguration: das volle Modell</translation>
    </message>
    <message>
        <source>Selected configuration: %1 anchors removed</source>
        <translation>Gewählte Konfiguration: %1 Anker entfernt</translation>
    </message>
    <message>
        <source>Full model</source>
        <translation>Volles Modell</translation>
    </message>
    <message>
        <source>Showing image %1</source>
        <translation>Bild %1 wird angezeigt</translation>
    </message>
    <message>
        <source>Cannot show the image</source>
        <translation>Das Bild kann nicht angezeigt werden</translation>
    </message>
    <message>
        <source>Nothing to retrain</source>
        <translation>Nichts neu zu trainieren</translation>
    </message>
    <message>
        <source>Retraining needs a session of a model and a dataset.</source>
        <translation>Neu trainieren braucht eine Sitzung aus Modell und Datensatz.</translation>
    </message>
    <message>
        <source>No training data</source>
        <translation>Keine Trainingsdaten</translation>
    </message>
    <message>
        <source>Choose the training data (COCO JSON) first.</source>
        <translation>Wählen Sie zuerst die Trainingsdaten (COCO JSON).</translation>
    </message>
    <message>
        <source>Retraining the selected configuration</source>
        <translation>Die gewählte Konfiguration wird neu trainiert</translation>
    </message>
    <message>
        <source>Retrained model saved as %1</source>
        <translation>Neu trainiertes Modell gespeichert als %1</translation>
    </message>
    <message>
        <source>Retraining failed</source>
        <translation>Neu trainieren fehlgeschlagen</translation>
    </message>
    <message>
        <source>Nothing to export</source>
        <translation>Nichts zu exportieren</translation>
    </message>
    <message>
        <source>Exporting needs a session of a model and a dataset.</source>
        <translation>Zum Exportieren braucht es eine Sitzung aus Modell und Datensatz.</translation>
    </message>
    <message>
        <source>Pruning and exporting</source>
        <translation>Beschneiden und Exportieren</translation>
    </message>
    <message>
        <source>Exported %1 (%2 KB)</source>
        <translation>%1 exportiert (%2 KB)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Evaluating detections</source>
        <translation>Detektionen werden ausgewertet</translation>
    </message>
    <message>
        <source>AP %1, AP50 %2 over %3 images</source>
        <translation>AP %1, AP50 %2 über %3 Bilder</translation>
    </message>
    <message>
        <source>Evaluation failed</source>
        <translation>Auswertung fehlgeschlagen</translation>
    </message>
    <message>
        <source>Reading the torchvision checkpoint</source>
        <translation>Das torchvision-Checkpoint wird gelesen</translation>
    </message>
    <message>
        <source>Cannot read the torchvision checkpoint</source>
        <translation>Das torchvision-Checkpoint kann nicht gelesen werden</translation>
    </message>
    <message>
        <source>Importing the torchvision model</source>
        <translation>Das torchvision-Modell wird importiert</translation>
    </message>
    <message>
        <source>Imported %1 as %2</source>
        <translation>%1 als %2 importiert</translation>
    </message>
    <message>
        <source>Cannot import the torchvision model</source>
        <translation>Das torchvision-Modell kann nicht importiert werden</translation>
    </message>
    <message>
        <source>Checking the torchvision checkpoint</source>
        <translation>Das torchvision-Checkpoint wird geprüft</translation>
    </message>
    <message>
        <source>Cannot import the torchvision model again</source>
        <translation>Das torchvision-Modell kann nicht erneut importiert werden</translation>
    </message>
    <message>
        <source>Moving the imported model beside the project</source>
        <translation>Das importierte Modell wird neben das Projekt verschoben</translation>
    </message>
    <message>
        <source>Cannot move the imported model beside the project</source>
        <translation>Das importierte Modell kann nicht neben das Projekt verschoben werden</translation>
    </message>
    <message>
        <source>Validating the configuration</source>
        <translation>Konfiguration wird validiert</translation>
    </message>
    <message>
        <source>Validation failed</source>
        <translation>Validierung fehlgeschlagen</translation>
    </message>
    <message>
        <source>; recommended: node %1 (validated on %2 images)</source>
        <translation>; empfohlen: Knoten %1 (validiert auf %2 Bildern)</translation>
    </message>
    <message>
        <source>; no point keeps the promise on the %1 validation images</source>
        <translation>; kein Punkt hält das Versprechen auf den %1 Validierungsbildern</translation>
    </message>
    <message>
        <source>; unvalidated (this session has no validation images)</source>
        <translation>; unvalidiert (diese Sitzung hat keine Validierungsbilder)</translation>
    </message>
    <message>
        <source>Nothing to report</source>
        <translation>Nichts zu berichten</translation>
    </message>
    <message>
        <source>A report needs a session.</source>
        <translation>Ein Bericht braucht eine Sitzung.</translation>
    </message>
    <message>
        <source>Making the report</source>
        <translation>Bericht wird erstellt</translation>
    </message>
    <message>
        <source>Report failed</source>
        <translation>Bericht fehlgeschlagen</translation>
    </message>
    <message>
        <source>Report written to %1</source>
        <translation>Bericht geschrieben nach %1</translation>
    </message>
</context>
<context>
    <name>anchorscope::TrainingCurves</name>
    <message>
        <source>loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>box regression loss</source>
        <translation>Verlust Boxregression</translation>
    </message>
    <message>
        <source>classification loss</source>
        <translation>Verlust Klassifikation</translation>
    </message>
    <message>
        <source>AP after the epoch</source>
        <translation>AP nach der Epoche</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <source>AP</source>
        <translation>AP</translation>
    </message>
</context>
</TS>
