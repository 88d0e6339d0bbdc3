function Set-PgWidget {
    <#
    .SYNOPSIS
        Changes the size of a widget.

    .DESCRIPTION
        Stores the new size of a widget through the module's single writer, which asks for
        confirmation (ShouldProcess), and returns the widget as it is afterwards.

    .PARAMETER Name
        The widget to change.

    .PARAMETER Size
        The new size.

    .PARAMETER Credential
        The account that may change widgets.

    .PARAMETER AdminPassword
        The administrator password of the widget store.

    .EXAMPLE
        Set-PgWidget -Name 'w1' -Size 3 -WhatIf

        Shows the change without making it.

    .OUTPUTS
        PgCluster.Widget
    #>
    [CmdletBinding(SupportsShouldProcess = $true)]
    [OutputType('PgCluster.Widget')]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $Name,

        [Parameter(Mandatory = $true)]
        [int]
        $Size,

        [Parameter()]
        [System.Management.Automation.PSCredential]
        [System.Management.Automation.Credential()]
        $Credential = [System.Management.Automation.PSCredential]::Empty,

        [Parameter()]
        [SecureString]
        $AdminPassword
    )

    Write-PgWidgetStore -Name $Name -Size $Size
    Get-PgWidget -Name $Name
}
