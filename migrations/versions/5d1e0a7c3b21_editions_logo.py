"""editions: a logo per edition (badges, programme cover, edition page)

Revision ID: 5d1e0a7c3b21
Revises: 842a3d6aa0da
Create Date: 2026-11-26 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5d1e0a7c3b21'
down_revision = '842a3d6aa0da'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('editions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('logo_key', sa.String(length=32), server_default='', nullable=False))
        batch_op.add_column(sa.Column('logo_ext', sa.String(length=4), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('editions', schema=None) as batch_op:
        batch_op.drop_column('logo_ext')
        batch_op.drop_column('logo_key')
