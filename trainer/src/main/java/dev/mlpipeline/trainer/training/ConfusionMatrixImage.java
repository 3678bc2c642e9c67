package dev.mlpipeline.trainer.training;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

/**
 * Draws a confusion matrix as a PNG heat map (actual classes down, predicted classes
 * across, counts in the cells) so people can read it in the MLflow UI's artifact view.
 */
final class ConfusionMatrixImage {

	private static final int CELL = 72;

	private static final int MARGIN = 40;

	private ConfusionMatrixImage() {
	}

	/**
	 * Renders the matrix.
	 * @param matrix counts, rows = actual class, columns = predicted class
	 * @param labels the class values, in matrix order
	 * @param title a line drawn above the matrix
	 * @return the PNG bytes
	 */
	static byte[] render(double[][] matrix, List<String> labels, String title) {
		int n = labels.size();
		Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
		Font bold = font.deriveFont(Font.BOLD);
		BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
		Graphics2D measure = probe.createGraphics();
		FontMetrics fm = measure.getFontMetrics(font);
		int labelWidth = labels.stream().mapToInt(fm::stringWidth).max().orElse(0) + 16;
		measure.dispose();
		int gridX = MARGIN + 24 + labelWidth;
		int gridY = MARGIN + 36 + labelWidth;
		int width = Math.max(gridX + n * CELL + MARGIN, fm.stringWidth(title) + 2 * MARGIN);
		int height = gridY + n * CELL + MARGIN;
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		try {
			g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
			g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
			g.setColor(Color.WHITE);
			g.fillRect(0, 0, width, height);
			g.setColor(Color.DARK_GRAY);
			g.setFont(bold);
			g.drawString(title, MARGIN, MARGIN - 12);
			g.drawString("predicted", gridX + (n * CELL - fm.stringWidth("predicted")) / 2, MARGIN + 12);
			drawVertical(g, "actual", MARGIN + 4, gridY + (n * CELL + fm.stringWidth("actual")) / 2);
			double max = 1;
			for (double[] row : matrix) {
				for (double value : row) {
					max = Math.max(max, value);
				}
			}
			g.setFont(font);
			for (int i = 0; i < n; i++) {
				String label = labels.get(i);
				g.setColor(Color.DARK_GRAY);
				g.drawString(label, gridX - fm.stringWidth(label) - 8,
						gridY + i * CELL + CELL / 2 + fm.getAscent() / 2);
				drawVertical(g, label, gridX + i * CELL + CELL / 2 + fm.getAscent() / 2, gridY - 8);
				for (int j = 0; j < n; j++) {
					double value = matrix[i][j];
					float intensity = (float) (value / max);
					Color fill = (i == j) ? blend(new Color(33, 113, 181), intensity)
							: blend(new Color(203, 24, 29), intensity);
					g.setColor(fill);
					g.fillRect(gridX + j * CELL, gridY + i * CELL, CELL, CELL);
					g.setColor(intensity > 0.55f ? Color.WHITE : Color.BLACK);
					String count = (value == Math.rint(value)) ? String.valueOf((long) value)
							: String.format(Locale.ROOT, "%.1f", value);
					g.setFont(bold);
					g.drawString(count, gridX + j * CELL + (CELL - g.getFontMetrics().stringWidth(count)) / 2,
							gridY + i * CELL + CELL / 2 + fm.getAscent() / 2);
					g.setFont(font);
				}
			}
			g.setColor(Color.GRAY);
			g.setStroke(new BasicStroke(1));
			for (int k = 0; k <= n; k++) {
				g.drawLine(gridX, gridY + k * CELL, gridX + n * CELL, gridY + k * CELL);
				g.drawLine(gridX + k * CELL, gridY, gridX + k * CELL, gridY + n * CELL);
			}
		}
		finally {
			g.dispose();
		}
		try {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			ImageIO.write(image, "png", out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void drawVertical(Graphics2D g, String text, int x, int y) {
		AffineTransform saved = g.getTransform();
		g.rotate(-Math.PI / 2, x, y);
		g.drawString(text, x, y);
		g.setTransform(saved);
	}

	private static Color blend(Color full, float intensity) {
		float t = 0.08f + 0.92f * intensity;
		return new Color(Math.round(255 + (full.getRed() - 255) * t), Math.round(255 + (full.getGreen() - 255) * t),
				Math.round(255 + (full.getBlue() - 255) * t));
	}

}
